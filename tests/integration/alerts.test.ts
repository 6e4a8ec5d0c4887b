// Alerts (lib/alerts) against a real database, worker and sandbox: each
// condition opens one incident, told once by e-mail (the platform mailer, here
// the sandbox's SMTP server) and in Slack; two evaluations racing open it once;
// it resolves with a note when the problem clears and a recurrence is a new
// incident; Slack failing does not hold back the e-mail; nothing crosses
// organizations.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateAlerts, raiseAlert } from "@/lib/alerts/evaluate";
import { endpointDisabledCondition } from "@/lib/alerts/kinds";
import { describeNotice, listIncidents } from "@/lib/alerts/log";
import type { AlertKind } from "@/lib/db/schema";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { updateSettings } from "@/lib/integrations/connections/service";
import { connector as slack } from "@/lib/integrations/slack/connector";
import { createCall } from "@/lib/integrations/policy/call";
import { connectionInfo } from "@/lib/integrations/connections/repository";
import { SMTP_VARIABLES } from "@/lib/mailer/config";
import { appKeyring } from "@/lib/vault/app-keyring";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import type { SmtpMail } from "../../sandbox/smtp/state";
import { alertIncidents } from "../helpers/alert-incidents";
import { insertConnection } from "../helpers/connections";
import { consent } from "../helpers/consent";
import { makeOrg, makeUser } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const ADMIN = "admin.alerts@example.test";
const MEMBER = "member.alerts@example.test";
const OTHER_ADMIN = "admin.other-org.alerts@example.test";
const ALERT_ENV = { ALERT_BREAKER_OPEN_MS: "3000", ALERT_BACKLOG_COUNT: "3", ALERT_BACKLOG_AGE_MS: String(24 * 3_600_000) };
let ownerEmail = "";
let otherOrgId = "";

beforeAll(async () => {
  // The sandbox's SMTP server as the platform mailer, and thresholds a test can wait for.
  Object.assign(process.env, sandbox.appEnv, ALERT_ENV);
  await makeUser(t.db, t.orgId, "admin", ADMIN);
  await makeUser(t.db, t.orgId, "member", MEMBER);
  ownerEmail = (await t.db.selectFrom("users").select("email").where("id", "=", owner.userId).executeTakeFirstOrThrow()).email;
  otherOrgId = (await makeOrg(t.db, "Other Alerts Org")).id;
  await makeUser(t.db, otherOrgId, "admin", OTHER_ADMIN);
});
afterAll(() => {
  for (const name of [...SMTP_VARIABLES, ...Object.keys(ALERT_ENV)]) delete process.env[name];
});

const incidentsOf = (kind: AlertKind, subjectId: string | null, orgId = t.orgId) => alertIncidents(t.db, orgId, kind, subjectId);

async function mailsAbout(subject: string): Promise<SmtpMail[]> {
  return ((await sandbox.inbox()).smtp.mails as SmtpMail[]).filter((m) => m.subject === subject);
}

/** The incident once its notice of this phase is fully recorded (e-mail and chat steps). */
function noticed(id: string, phase: "opened" | "resolved") {
  const column = phase === "opened" ? "opened_notice" : "resolved_notice";
  return waitFor(
    () => t.db.selectFrom("alert_incidents").selectAll().where("id", "=", id).where(sql<boolean>`${sql.ref(column)} ? 'chat'`).executeTakeFirst(),
    { what: `the ${phase} notice of ${id}` },
  );
}

async function flagged(connectorId: string, orgId = t.orgId) {
  return insertConnection(t.db, { orgId, connectorId, status: "needs_attention", credentials: { apiKey: "fake-key-alerts-0000" } }).then(async (row) => {
    await t.db.updateTable("connections").set({ status_reason: "the token was revoked" }).where("id", "=", row.id).execute();
    return row;
  });
}

describe("a connection that needs attention", () => {
  it("opens one incident when two evaluations race, e-mails the owner and admins once, and the index refuses a second open row", async () => {
    const conn = await flagged("github");
    await Promise.all([evaluateAlerts(t.db, t.orgId), evaluateAlerts(t.db, t.orgId), evaluateAlerts(t.db, t.orgId)]);
    const open = await incidentsOf("connection.needs_attention", conn.id);
    expect(open).toHaveLength(1);
    expect(open[0]!.resolved_at).toBeNull();
    expect(open[0]!.title).toBe("GitHub needs to be reconnected");
    expect(open[0]!.detail).toContain("the token was revoked");

    const incident = await noticed(open[0]!.id, "opened");
    expect(incident.opened_notice!.emailChannel).toBe("platform_mailer");
    expect([...incident.opened_notice!.emailedTo].sort()).toEqual([ADMIN, ownerEmail].sort());
    // No chat connected: nothing posted, and the log says so.
    expect(incident.opened_notice!.chat).toEqual([]);
    expect(describeNotice(incident.opened_notice)).toContain("No chat connection to post to.");

    const mails = await waitFor(async () => {
      const m = await mailsAbout("GitHub needs to be reconnected");
      return m.length ? m : undefined;
    }, { what: "the alert e-mail" });
    expect(mails[0]!.envelope.to.sort()).toEqual([ADMIN, ownerEmail].sort());
    expect(mails[0]!.text).toContain("Reconnect it under Settings → Integrations → GitHub");

    // Later evaluations keep it open and tell nobody again.
    await evaluateAlerts(t.db, t.orgId);
    await evaluateAlerts(t.db, t.orgId);
    expect(await incidentsOf("connection.needs_attention", conn.id)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailsAbout("GitHub needs to be reconnected")).toHaveLength(1);

    await expect(
      t.db.insertInto("alert_incidents").values({ org_id: t.orgId, kind: "connection.needs_attention", subject_id: conn.id, title: "twice", detail: "twice" }).execute(),
    ).rejects.toThrow(/alert_incidents_one_open/);
  });

  it("resolves with a note when the connection works again, and a recurrence is a new incident told again", async () => {
    const conn = (await t.db.selectFrom("connections").selectAll().where("org_id", "=", t.orgId).where("connector_id", "=", "github").executeTakeFirstOrThrow());
    const [first] = await incidentsOf("connection.needs_attention", conn.id);
    await t.db.updateTable("connections").set({ status: "connected", status_reason: null }).where("id", "=", conn.id).execute();
    await evaluateAlerts(t.db, t.orgId);
    const resolved = await noticed(first!.id, "resolved");
    expect(resolved.resolved_at).toBeInstanceOf(Date);
    expect(resolved.resolved_notice!.emailedTo.sort()).toEqual([ADMIN, ownerEmail].sort());
    await waitFor(async () => (await mailsAbout("Resolved: GitHub needs to be reconnected")).length === 1, { what: "the resolved e-mail" });

    await t.db.updateTable("connections").set({ status: "needs_attention", status_reason: "the token was revoked again" }).where("id", "=", conn.id).execute();
    await evaluateAlerts(t.db, t.orgId);
    const all = await incidentsOf("connection.needs_attention", conn.id);
    expect(all).toHaveLength(2);
    expect(all[1]!.id).not.toBe(first!.id);
    expect(all[1]!.resolved_at).toBeNull();
    await noticed(all[1]!.id, "opened");
    await waitFor(async () => (await mailsAbout("GitHub needs to be reconnected")).length === 2, { what: "the second incident's e-mail" });

    // Cleared for the tests that follow.
    await t.db.updateTable("connections").set({ status: "connected", status_reason: null }).where("id", "=", conn.id).execute();
    await evaluateAlerts(t.db, t.orgId);
    expect((await incidentsOf("connection.needs_attention", conn.id)).every((i) => i.resolved_at)).toBe(true);
  });
});

describe("the other conditions", () => {
  it("a breaker tripped by real failures is told only once it stayed open past the threshold, and resolves when it closes", async () => {
    const conn = await insertConnection(t.db, { orgId: t.orgId, connectorId: "zoom", credentials: { accessToken: "fake-zoom-alerts" } });
    const call = createCall({
      db: t.db,
      connection: connectionInfo(conn),
      classify: () => ({ kind: "transient", message: "the provider answered 500" }),
      options: { maxAttempts: 1, breakerThreshold: 2, halfOpenAfterMs: 60_000 },
    });
    const failing = () => call("meetings.create", async () => Promise.reject(new Error("500")));
    await expect(failing()).rejects.toThrow();
    await expect(failing()).rejects.toThrow();
    const breaker = await t.db.selectFrom("circuit_breakers").selectAll().where("connection_id", "=", conn.id).executeTakeFirstOrThrow();
    expect(breaker.state).toBe("open");
    expect(breaker.tripped_at).toBeInstanceOf(Date);

    // Tripped just now: not yet an incident, but a later evaluation is queued for when it would be.
    const early = await evaluateAlerts(t.db, t.orgId);
    expect(early.nextCheckAt!.getTime()).toBe(breaker.tripped_at!.getTime() + 3000);
    expect(await incidentsOf("connection.breaker_open", conn.id)).toHaveLength(0);
    const followUp = await t.db.selectFrom(sql<{ key: string }>`graphile_worker.jobs`.as("j")).select("key").where("key", "=", `alerts-later:${t.orgId}`).executeTakeFirst();
    expect(followUp).toBeDefined();

    // The queued evaluation (the worker's, on its own) opens it once the threshold has passed.
    const [opened] = await waitFor(async () => {
      const rows = await incidentsOf("connection.breaker_open", conn.id);
      return rows.length ? rows : undefined;
    }, { what: "the breaker incident" });
    expect(opened!.title).toBe("Zoom is failing: calls are paused");
    await noticed(opened!.id, "opened");

    // An operator resets it (a closed row, as a successful test call leaves it); the next evaluation resolves it.
    await t.db.updateTable("circuit_breakers").set({ state: "closed", tripped_at: null, opened_at: null, snapshot: null }).where("connection_id", "=", conn.id).execute();
    await sql`select graphile_worker.add_job('evaluate_alerts', json_build_object('orgId', ${t.orgId}::text))`.execute(t.db);
    const resolved = await noticed(opened!.id, "resolved");
    expect(resolved.resolved_at).toBeInstanceOf(Date);
  });

  it("a disabled endpoint raised by the delivery stays open while disabled and resolves when enabled again", async () => {
    const { endpoint } = await insertEndpoint(t.db, { orgId: t.orgId, url: "https://hooks.example.test/alerts", eventTypes: ["event.published"], source: "admin" });
    await t.db.updateTable("webhook_endpoints").set({ enabled: false, disabled_reason: "Disabled by an admin" }).where("id", "=", endpoint.id).execute();
    // An admin's own disable (no mark of the failing-deliveries rule) is no incident.
    await evaluateAlerts(t.db, t.orgId);
    expect(await incidentsOf("webhook.endpoint_disabled", endpoint.id)).toHaveLength(0);
    // What the delivery that disabled it commits before it raises the incident.
    await t.db
      .updateTable("webhook_endpoints")
      .set({ disabled_reason: "Every delivery failed since yesterday", disabled_for_failures_at: new Date() })
      .where("id", "=", endpoint.id)
      .execute();

    const condition = endpointDisabledCondition({ orgId: t.orgId, endpointId: endpoint.id, url: endpoint.url, because: "every delivery to it failed for 5 days or more" });
    expect(await raiseAlert(t.db, condition)).toBe("opened");
    expect(await raiseAlert(t.db, condition)).toBe("seen");
    await evaluateAlerts(t.db, t.orgId);
    const [incident] = await incidentsOf("webhook.endpoint_disabled", endpoint.id);
    expect(incident!.resolved_at).toBeNull();
    await noticed(incident!.id, "opened");
    const [mail] = await waitFor(async () => {
      const m = await mailsAbout(`Webhook endpoint disabled: ${endpoint.url}`);
      return m.length ? m : undefined;
    }, { what: "the endpoint's alert e-mail" });
    expect(mail!.text).toContain("Fix the receiver, enable the endpoint again under Settings → Webhooks");

    await t.db.updateTable("webhook_endpoints").set({ enabled: true, disabled_reason: null, disabled_for_failures_at: null }).where("id", "=", endpoint.id).execute();
    await evaluateAlerts(t.db, t.orgId);
    expect((await noticed(incident!.id, "resolved")).resolved_at).toBeInstanceOf(Date);
  });

  it("a grant the upkeep could not renew is one incident per end date, resolved by a new grant", async () => {
    // A connector without refresh, so the upkeep's own sweep leaves this grant to the test.
    const conn = await insertConnection(t.db, { orgId: t.orgId, connectorId: "sendgrid", credentials: { apiKey: "SG.fake-alerts.key0000" } });
    const endsAt = new Date(Date.now() + 5 * 86_400_000);
    await t.db.updateTable("connections").set({ refresh_token_expires_at: endsAt }).where("id", "=", conn.id).execute();
    // Near its end but not yet given up on by the upkeep: nothing to tell.
    await evaluateAlerts(t.db, t.orgId);
    expect(await incidentsOf("connection.grant_lapsing", conn.id)).toHaveLength(0);

    await t.db.updateTable("connections").set({ grant_lapse_noticed_for: endsAt }).where("id", "=", conn.id).execute();
    await evaluateAlerts(t.db, t.orgId);
    const [first] = await incidentsOf("connection.grant_lapsing", conn.id);
    expect(first!.title).toBe(`SendGrid: the connection stops working on ${endsAt.toISOString().slice(0, 10)}`);
    expect(first!.fingerprint).toBe(endsAt.toISOString());

    // Another end date the upkeep gave up on: the first is resolved, a second one opened.
    const later = new Date(endsAt.getTime() + 86_400_000);
    await t.db.updateTable("connections").set({ refresh_token_expires_at: later, grant_lapse_noticed_for: later }).where("id", "=", conn.id).execute();
    await evaluateAlerts(t.db, t.orgId);
    const both = await incidentsOf("connection.grant_lapsing", conn.id);
    expect(both).toHaveLength(2);
    expect(both[0]!.resolved_at).toBeInstanceOf(Date);
    expect(both[1]!.resolved_at).toBeNull();

    // Reconnected: a grant with no end.
    await t.db.updateTable("connections").set({ refresh_token_expires_at: null, grant_lapse_noticed_for: null }).where("id", "=", conn.id).execute();
    await evaluateAlerts(t.db, t.orgId);
    expect((await incidentsOf("connection.grant_lapsing", conn.id)).every((i) => i.resolved_at)).toBe(true);
  });

  it("deliveries piling up past ALERT_BACKLOG_COUNT open one organization-wide incident, resolved once they drain", async () => {
    const { endpoint } = await insertEndpoint(t.db, { orgId: t.orgId, url: "https://hooks.example.test/backlog", eventTypes: ["event.published"], source: "admin" });
    // Waiting messages without jobs, so the worker leaves them waiting.
    const rows = [1, 2, 3].map((n) => ({ org_id: t.orgId, endpoint_id: endpoint.id, msg_id: `msg_backlog_${n}`, event_type: "event.published", body: "{}", status: "retrying" as const }));
    await t.db.insertInto("webhook_messages").values(rows.slice(0, 2)).execute();
    await evaluateAlerts(t.db, t.orgId);
    expect(await incidentsOf("deliveries.backlog", null)).toHaveLength(0);
    await t.db.insertInto("webhook_messages").values(rows.slice(2)).execute();
    await evaluateAlerts(t.db, t.orgId);
    const [incident] = await incidentsOf("deliveries.backlog", null);
    expect(incident!.detail).toMatch(/^3 deliveries are waiting or being retried/);
    await evaluateAlerts(t.db, t.orgId);
    expect(await incidentsOf("deliveries.backlog", null)).toHaveLength(1);

    await t.db.updateTable("webhook_messages").set({ status: "failed" }).where("endpoint_id", "=", endpoint.id).execute();
    await evaluateAlerts(t.db, t.orgId);
    expect((await noticed(incident!.id, "resolved")).resolved_at).toBeInstanceOf(Date);
  });
});

describe("Slack as the chat the alerts are posted to", () => {
  beforeAll(async () => {
    const url = await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: slack, mode: "sandbox" });
    const back = await consent(url);
    const done = await completeAuthorization(t.db, appKeyring(), { connector: slack, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
    expect(done).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await sandbox.control("faults", undefined, "DELETE");
  });

  async function pickChannel() {
    const { connectorPage } = await import("@/lib/integrations/views");
    const view = await connectorPage(t.db, t.orgId, slack);
    const channel = view.fields.find((f) => f.name === "channelId")!.choices!.find((c) => c.label === "#general")!;
    await updateSettings(t.db, t.orgId, "slack", { channelId: channel.value });
  }

  const slackTexts = async () => ((await sandbox.inbox()).slack.channels as Array<{ messages: Array<{ text: string }> }>).flatMap((c) => c.messages.map((m) => m.text));

  /** The earlier tests' notices all sent, so none of them is posted to (or fails against) Slack meanwhile. */
  const noticesSent = () =>
    waitFor(async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_alert_notice'`.execute(t.db);
      return rows[0]!.n === 0;
    }, { what: "the earlier notices to be sent" });

  it("still e-mails when Slack answers 500, records why Slack was not posted to, and posts the resolution once Slack is back", async () => {
    await noticesSent();
    await pickChannel();
    await sandbox.control("faults", { provider: "slack", kind: "status", status: 500, times: 0 });
    const conn = await flagged("twilio");
    await evaluateAlerts(t.db, t.orgId);
    const [incident] = await incidentsOf("connection.needs_attention", conn.id);
    const opened = await noticed(incident!.id, "opened");
    expect(opened.opened_notice!.emailedTo.sort()).toEqual([ADMIN, ownerEmail].sort());
    expect(opened.opened_notice!.chat).toEqual([{ connector: "Slack", posted: false, error: expect.stringContaining("chat.postMessage") }]);
    expect(describeNotice(opened.opened_notice)).toMatch(/Not posted to Slack \(/);
    await waitFor(async () => (await mailsAbout("Twilio needs to be reconnected")).length === 1, { what: "the e-mail despite Slack" });
    expect((await slackTexts()).some((t) => t.includes("Twilio needs to be reconnected"))).toBe(false);

    await sandbox.control("faults", undefined, "DELETE");
    await t.db.updateTable("connections").set({ status: "connected" }).where("id", "=", conn.id).execute();
    await evaluateAlerts(t.db, t.orgId);
    const resolved = await noticed(incident!.id, "resolved");
    expect(resolved.resolved_notice!.chat).toEqual([{ connector: "Slack", posted: true }]);
    const posted = (await slackTexts()).filter((t) => t.includes("Resolved: Twilio needs to be reconnected"));
    expect(posted).toHaveLength(1);
  });
});

describe("tenancy", () => {
  it("evaluates, lists and tells each organization only about its own incidents", async () => {
    const theirs = await flagged("sendgrid", otherOrgId);
    await evaluateAlerts(t.db, t.orgId);
    expect(await incidentsOf("connection.needs_attention", theirs.id, t.orgId)).toHaveLength(0);

    await evaluateAlerts(t.db, otherOrgId);
    const [incident] = await incidentsOf("connection.needs_attention", theirs.id, otherOrgId);
    const told = await noticed(incident!.id, "opened");
    expect(told.opened_notice!.emailedTo).toEqual([OTHER_ADMIN]);
    // The other organization's Slack-less notice does not reach this one's Slack either.
    expect(told.opened_notice!.chat).toEqual([]);
    expect((await listIncidents(t.db, t.orgId)).map((i) => i.id)).not.toContain(incident!.id);
    expect((await listIncidents(t.db, otherOrgId)).map((i) => i.id)).toEqual([incident!.id]);
  });
});
