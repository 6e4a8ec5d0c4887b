// The alerts sweep (lib/alerts) against a real database: it looks only at the
// organizations that can have an incident, reads the backlog through its partial
// indexes, evaluates every organization when one fails and never fails itself,
// holds a backlog open until it is well below the thresholds, counts no delivery
// that a connection's own incident explains, and opens the incident of an
// endpoint the failing-deliveries rule disabled even if nobody raised it.
import { sql } from "kysely";
import { parseCrontab } from "graphile-worker";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { alertThresholds } from "@/lib/alerts/config";
import { orgsToEvaluate } from "@/lib/alerts/conditions";
import { evaluateAlerts, sweepAlerts } from "@/lib/alerts/evaluate";
import type { AlertKind } from "@/lib/db/schema";
import { CRONTAB } from "@/lib/jobs/tasks";
import { log } from "@/lib/log";
import { setEndpointEnabled } from "@/lib/webhooks/outbound/endpoints";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { alertIncidents } from "../helpers/alert-incidents";
import { insertConnection } from "../helpers/connections";
import { makeOrg } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
const HOUR = 3_600_000;
// Half of 4 is 2: "just under" the threshold (3) and "at half" (2) stay open, 1 resolves.
const ALERT_ENV = { ALERT_BREAKER_OPEN_MS: String(HOUR), ALERT_BACKLOG_COUNT: "4", ALERT_BACKLOG_AGE_MS: String(10 * HOUR) };

beforeAll(() => {
  Object.assign(process.env, ALERT_ENV);
});
afterAll(() => {
  for (const name of Object.keys(ALERT_ENV)) delete process.env[name];
});

const incidentsOf = (orgId: string, kind: AlertKind, subjectId: string | null = null) => alertIncidents(t.db, orgId, kind, subjectId);

let messageCounter = 0;
/** Waiting outbound messages without jobs, so nothing delivers them meanwhile; `ageMs` back-dates them. */
async function waitingMessages(orgId: string, n: number, ageMs = 0): Promise<string> {
  const { endpoint } = await insertEndpoint(t.db, { orgId, url: `https://hooks.example.test/sweep-${++messageCounter}`, eventTypes: ["event.published"], source: "admin" });
  const createdAt = new Date(Date.now() - ageMs);
  const rows = Array.from({ length: n }, () => ({ org_id: orgId, endpoint_id: endpoint.id, msg_id: `msg_sweep_${++messageCounter}`, event_type: "event.published", body: "{}", status: "pending" as const, created_at: createdAt }));
  if (rows.length) await t.db.insertInto("webhook_messages").values(rows).execute();
  return endpoint.id;
}

async function finishMessages(endpointId: string, n: number) {
  const ids = await t.db.selectFrom("webhook_messages").select("id").where("endpoint_id", "=", endpointId).where("status", "=", "pending").limit(n).execute();
  await t.db.updateTable("webhook_messages").set({ status: "succeeded" }).where("id", "in", ids.map((r) => r.id)).execute();
}

/** Makes every incident write of one organization fail, as a broken row or a lost connection would. */
async function breakIncidentsOf(orgId: string) {
  await sql`create or replace function pg_temp_fail_alerts() returns trigger language plpgsql as $$
    begin
      if new.org_id = ${sql.lit(orgId)}::uuid then raise exception 'alerts of this organization are broken'; end if;
      return new;
    end $$`.execute(t.db);
  await sql`create trigger fail_alerts before insert or update on alert_incidents for each row execute function pg_temp_fail_alerts()`.execute(t.db);
}
async function repairIncidents() {
  await sql`drop trigger if exists fail_alerts on alert_incidents`.execute(t.db);
  await sql`drop function if exists pg_temp_fail_alerts()`.execute(t.db);
}

describe("the organizations the sweep evaluates", () => {
  it("are those whose waiting deliveries can trip the backlog, not every one with a delivery in flight", async () => {
    const [few, many, old] = await Promise.all([makeOrg(t.db, "Few in flight"), makeOrg(t.db, "Many waiting"), makeOrg(t.db, "One old")]);
    await waitingMessages(few.id, 3);
    await waitingMessages(many.id, 4);
    await waitingMessages(old.id, 1, 11 * HOUR);
    const orgs = await orgsToEvaluate(t.db, alertThresholds());
    expect(orgs).not.toContain(few.id);
    expect(orgs).toContain(many.id);
    expect(orgs).toContain(old.id);

    // An open backlog incident keeps its organization in the sweep, so it can resolve (or stay, below the threshold).
    await evaluateAlerts(t.db, many.id);
    await finishMessages((await t.db.selectFrom("webhook_messages").select("endpoint_id").where("org_id", "=", many.id).executeTakeFirstOrThrow()).endpoint_id, 2);
    expect(await orgsToEvaluate(t.db, alertThresholds())).toContain(many.id);
  });

  it("reads one organization's waiting deliveries and messages through the partial indexes", async () => {
    const plan = await t.db.transaction().execute(async (tx) => {
      // The tables are tiny here; without this the planner would rightly scan them.
      await sql`set local enable_seqscan = off`.execute(tx);
      const { rows } = await sql<{ "QUERY PLAN": string }>`explain
        select count(*) from (
          select created_at from subscriber_deliveries where org_id = ${t.orgId} and status in ('pending', 'retrying') and subscriber <> all(${["connection:x"]}::text[])
          union all
          select created_at from webhook_messages where org_id = ${t.orgId} and status in ('pending', 'retrying')
        ) w`.execute(tx);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("subscriber_deliveries_waiting_idx");
    expect(plan).toContain("webhook_messages_waiting_idx");
  });
});

describe("a sweep where one organization fails", () => {
  afterEach(repairIncidents);

  it("evaluates the others, logs the failure, does not throw, and its cron line is attempted once", async () => {
    const [broken, fine] = await Promise.all([makeOrg(t.db, "Broken alerts"), makeOrg(t.db, "Fine alerts")]);
    const flag = (orgId: string) => insertConnection(t.db, { orgId, connectorId: "github", status: "needs_attention" });
    await flag(broken.id);
    const conn = await flag(fine.id);
    await breakIncidentsOf(broken.id);
    const logged = vi.spyOn(log, "error");
    try {
      const r = await sweepAlerts(t.db);
      expect(r.failed).toBe(1);
      expect(r.opened).toBeGreaterThanOrEqual(1);
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ orgId: broken.id }), "could not evaluate an organization's alerts");
    } finally {
      logged.mockRestore();
    }
    expect(await incidentsOf(fine.id, "connection.needs_attention", conn.id)).toHaveLength(1);
    expect(await t.db.selectFrom("alert_incidents").select("id").where("org_id", "=", broken.id).execute()).toHaveLength(0);

    // graphile-worker's default would retry a failed sweep 25 times, each over every organization.
    const [item] = parseCrontab(CRONTAB).filter((i) => i.task === "sweep_alerts");
    expect(item!.options.maxAttempts).toBe(1);
  });
});

describe("the backlog", () => {
  it("opens at the threshold, stays open just under it and at half of it, and resolves below half", async () => {
    const org = await makeOrg(t.db, "Hovering backlog");
    const endpointId = await waitingMessages(org.id, 3);
    // Just under the threshold, with nothing open: no incident.
    await evaluateAlerts(t.db, org.id);
    expect(await incidentsOf(org.id, "deliveries.backlog")).toHaveLength(0);

    await t.db.insertInto("webhook_messages").values({ org_id: org.id, endpoint_id: endpointId, msg_id: `msg_sweep_${++messageCounter}`, event_type: "event.published", body: "{}" }).execute();
    await evaluateAlerts(t.db, org.id);
    const [incident] = await incidentsOf(org.id, "deliveries.backlog");
    expect(incident!.resolved_at).toBeNull();

    for (const left of [3, 2]) {
      await finishMessages(endpointId, 1);
      expect((await evaluateAlerts(t.db, org.id)).resolved).toBe(0);
      expect(await incidentsOf(org.id, "deliveries.backlog"), `${left} waiting`).toEqual([expect.objectContaining({ id: incident!.id, resolved_at: null })]);
    }
    await finishMessages(endpointId, 1);
    expect((await evaluateAlerts(t.db, org.id)).resolved).toBe(1);
    expect((await incidentsOf(org.id, "deliveries.backlog"))[0]!.resolved_at).toBeInstanceOf(Date);

    // Back to just under the threshold: still no new incident (the hysteresis is only for one already open).
    await waitingMessages(org.id, 2);
    await evaluateAlerts(t.db, org.id);
    expect(await incidentsOf(org.id, "deliveries.backlog")).toHaveLength(1);
  });

  it("an open backlog stays open while its oldest delivery is past half the age threshold", async () => {
    const org = await makeOrg(t.db, "Old backlog");
    const endpointId = await waitingMessages(org.id, 1, 10 * HOUR);
    await evaluateAlerts(t.db, org.id);
    const [incident] = await incidentsOf(org.id, "deliveries.backlog");
    expect(incident!.resolved_at).toBeNull();
    // 6 hours old: under the threshold (10), over half of it.
    const ageTo = (ms: number) => sql`update webhook_messages set created_at = ${new Date(Date.now() - ms)} where endpoint_id = ${endpointId}`.execute(t.db);
    await ageTo(6 * HOUR);
    expect((await evaluateAlerts(t.db, org.id)).resolved).toBe(0);
    await ageTo(4 * HOUR);
    expect((await evaluateAlerts(t.db, org.id)).resolved).toBe(1);
  });

  it("does not count deliveries held up by a connection that has its own incident", async () => {
    const org = await makeOrg(t.db, "Held by a connection");
    const conn = await insertConnection(t.db, { orgId: org.id, connectorId: "hubspot", status: "needs_attention" });
    const other = await insertConnection(t.db, { orgId: org.id, connectorId: "mailchimp" });
    // One fact each (a delivery is unique per fact and subscriber), named as the sources name a connection.
    const deliveries = async (connectionId: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const e = await t.db
          .insertInto("domain_events")
          .values({ org_id: org.id, type: "event.published", version: 1, aggregate_type: "event", aggregate_id: crypto.randomUUID(), payload: JSON.stringify({}) })
          .returning("id")
          .executeTakeFirstOrThrow();
        await t.db.insertInto("subscriber_deliveries").values({ org_id: org.id, domain_event_id: e.id, subscriber: `connection:${connectionId}`, status: "retrying" }).execute();
      }
    };
    await deliveries(conn.id, 6);
    await evaluateAlerts(t.db, org.id);
    expect(await incidentsOf(org.id, "connection.needs_attention", conn.id)).toHaveLength(1);
    expect(await incidentsOf(org.id, "deliveries.backlog")).toHaveLength(0);

    // The same number held up by a working connection is a backlog.
    await deliveries(other.id, 4);
    await evaluateAlerts(t.db, org.id);
    expect(await incidentsOf(org.id, "deliveries.backlog")).toEqual([expect.objectContaining({ resolved_at: null })]);
    expect((await incidentsOf(org.id, "deliveries.backlog"))[0]!.detail).toMatch(/^4 deliveries are waiting/);
  });
});

describe("an endpoint the failing-deliveries rule disabled", () => {
  it("is an incident the next sweep opens even though its raise was lost, and resolves when enabled again", async () => {
    const org = await makeOrg(t.db, "Lost endpoint alert");
    const { endpoint } = await insertEndpoint(t.db, { orgId: org.id, url: "https://hooks.example.test/lost", eventTypes: ["event.published"], source: "admin" });
    const byAdmin = (await insertEndpoint(t.db, { orgId: org.id, url: "https://hooks.example.test/by-admin", eventTypes: ["event.published"], source: "admin" })).endpoint;
    await setEndpointEnabled(t.db, org.id, byAdmin.id, false);
    // What the disabling transaction commits (lib/webhooks/outbound/deliver.ts); the raise after it never ran.
    await t.db
      .updateTable("webhook_endpoints")
      .set({ enabled: false, disabled_reason: "Every delivery failed since 2026-12-01T10:00:00.000Z", disabled_for_failures_at: new Date() })
      .where("id", "=", endpoint.id)
      .execute();

    expect(await orgsToEvaluate(t.db, alertThresholds())).toContain(org.id);
    await sweepAlerts(t.db);
    const [incident] = await incidentsOf(org.id, "webhook.endpoint_disabled", endpoint.id);
    expect(incident!.resolved_at).toBeNull();
    expect(incident!.detail).toContain("because every delivery failed since 2026-12-01T10:00:00.000Z");
    // An admin's own switch-off is no incident.
    expect(await incidentsOf(org.id, "webhook.endpoint_disabled", byAdmin.id)).toHaveLength(0);

    await setEndpointEnabled(t.db, org.id, endpoint.id, true);
    expect((await t.db.selectFrom("webhook_endpoints").select("disabled_for_failures_at").where("id", "=", endpoint.id).executeTakeFirstOrThrow()).disabled_for_failures_at).toBeNull();
    await evaluateAlerts(t.db, org.id);
    expect((await incidentsOf(org.id, "webhook.endpoint_disabled", endpoint.id))[0]!.resolved_at).toBeInstanceOf(Date);
  });
});
