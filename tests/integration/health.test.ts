// The Health page's data on a real database: error rates and percentiles from the
// call log, breaker states, bucket usage against the provider's quota, endpoints'
// failing deliveries, zero-filled series, and that another organization's
// connections and calls never show.
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import type { CallOutcome } from "@/lib/db/schema";
import { connectionsHealth } from "@/lib/health/connections";
import { endpointsHealth } from "@/lib/health/endpoints";
import { healthOverview, healthSummary } from "@/lib/health/overview";
import { bucketsFor } from "@/lib/health/windows";
import { recentCalls } from "@/lib/integrations/policy";
import { findManifest } from "@/lib/integrations/registry";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { makeOrg } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
const HOUR = 3600_000;

async function connect(db: Db, orgId: string, connectorId: string, extra: { status?: "connected" | "needs_attention" | "disabled" | "disconnected"; status_reason?: string; refresh_token_expires_at?: Date } = {}) {
  return db
    .insertInto("connections")
    .values({ org_id: orgId, connector_id: connectorId, credentials_sealed: "v1.fake.sealed", status: "connected", ...extra })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function calls(db: Db, c: { id: string; org_id: string; connector_id: string }, rows: Array<{ outcome: CallOutcome; latency: number; at?: Date }>) {
  await db
    .insertInto("integration_calls")
    .values(
      rows.map((r) => ({
        org_id: c.org_id,
        connection_id: c.id,
        connector_id: c.connector_id,
        operation: "chat.postMessage",
        outcome: r.outcome,
        latency_ms: r.latency,
        attempt: 1,
        error: r.outcome === "success" ? null : "HTTP 500",
        created_at: r.at ?? new Date(),
      })),
    )
    .execute();
}

/** The nearest-rank-free percentile Postgres' percentile_cont computes: linear between the two closest ranks. */
function percentileCont(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
}

describe("connections on the Health page", () => {
  it("computes error rate and percentiles over the window, leaving refused calls and older calls out", async () => {
    const slack = await connect(t.db, t.orgId, "slack");
    const successes = Array.from({ length: 15 }, (_, i) => 10 * (i + 1)); // 10..150 ms
    const failures = [400, 500, 600, 700, 800];
    await calls(t.db, slack, [
      ...successes.map((latency) => ({ outcome: "success" as const, latency })),
      ...failures.map((latency) => ({ outcome: "failure" as const, latency })),
      { outcome: "rejected", latency: 0 },
      { outcome: "rejected", latency: 0 },
      // Two days ago: outside 24 h, inside 7 days.
      { outcome: "failure", latency: 9000, at: new Date(Date.now() - 48 * HOUR) },
    ]);

    const [row] = (await connectionsHealth(t.db, t.orgId, "24h")).filter((c) => c.id === slack.id);
    const measured = [...successes, ...failures];
    expect(row!.rates).toEqual({
      calls: 20,
      failures: 5,
      rejected: 2,
      errorRate: 0.25,
      p50Ms: percentileCont(measured, 0.5),
      p95Ms: percentileCont(measured, 0.95),
    });
    expect(row!.verdict.level).toBe("degraded");
    expect(row!.verdict.reasons).toContain("25% of calls failed");
    expect(row!.verdict.reasons).toContain("2 calls refused on our side (rate limit or open circuit)");
    expect(row!.href).toBe("/settings/integrations/slack?log=errors#health");

    const [week] = (await connectionsHealth(t.db, t.orgId, "7d")).filter((c) => c.id === slack.id);
    expect(week!.rates.calls).toBe(21);
    expect(week!.rates.failures).toBe(6);
    expect(week!.rates.p95Ms).toBe(percentileCont([...measured, 9000], 0.95));

    // The connector page's log filtered to errors: failures and refusals only, newest first.
    const errors = await recentCalls(t.db, slack.id, 50, "errors");
    expect(errors.map((c) => c.outcome).sort()).toEqual(["failure", "failure", "failure", "failure", "failure", "failure", "rejected", "rejected"]);
    expect((await recentCalls(t.db, slack.id, 50)).length).toBe(23);
  });

  it("reports the breaker, the bucket against the manifest's quota, waiting deliveries and the grant's end", async () => {
    const org = await makeOrg(t.db, "Breakers");
    const twilio = await connect(t.db, org.id, "twilio", { refresh_token_expires_at: new Date(Date.now() + 3 * 24 * HOUR) });
    // Tripped an hour ago, re-opened 10 s ago by a failed test call.
    const openedAt = new Date(Date.now() - 10_000);
    const trippedAt = new Date(Date.now() - HOUR);
    await t.db
      .insertInto("circuit_breakers")
      .values({ connection_id: twilio.id, org_id: org.id, state: "open", opened_at: openedAt, tripped_at: trippedAt, snapshot: JSON.stringify({ ownState: { value: 1, openedAt: openedAt.getTime() }, breakerState: 5, halfOpenAfterMs: 30_000 }) })
      .execute();
    const quota = findManifest("twilio")!.rateLimit!;
    // 4 tokens left as of now: capacity - 4 in use, give or take what refills while the test runs.
    await t.db
      .insertInto("rate_limit_buckets")
      .values({ bucket_key: `twilio:${twilio.mode}:${twilio.id}`, tokens: 4, capacity: quota.capacity, refill_per_second: quota.refillPerSecond, updated_at: new Date() })
      .execute();
    const delivery = async (orgId: string, status: "retrying" | "dead" | "succeeded") => {
      const fact = await t.db
        .insertInto("domain_events")
        .values({ org_id: orgId, type: "event.published", version: 1, aggregate_type: "event", aggregate_id: crypto.randomUUID(), payload: "{}" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db.insertInto("subscriber_deliveries").values({ org_id: orgId, domain_event_id: fact.id, subscriber: `connection:${twilio.id}`, status }).execute();
    };
    for (const status of ["retrying", "retrying", "dead", "succeeded"] as const) await delivery(org.id, status);
    // Another organization's row naming the same subscriber is not counted.
    await delivery(t.orgId, "retrying");

    const [row] = await connectionsHealth(t.db, org.id, "24h");
    expect(row!.breaker).toEqual({ state: "open", openedAt, trippedAt, reopensAt: new Date(openedAt.getTime() + 30_000) });
    expect(row!.rateLimit!.capacity).toBe(quota.capacity);
    expect(row!.rateLimit!.refillPerSecond).toBe(quota.refillPerSecond);
    expect(row!.rateLimit!.inUse).toBeLessThanOrEqual(quota.capacity - 4);
    expect(row!.rateLimit!.inUse).toBeGreaterThan(quota.capacity - 4 - quota.refillPerSecond * 2);
    expect(row!.deliveriesWaiting).toBe(2);
    expect(row!.grantEndsAt).toEqual(twilio.refresh_token_expires_at);
    expect(row!.verdict.level).toBe("attention");
    expect(row!.verdict.label).toBe("Needs attention");
    // Since it tripped, as the alert counts, not since the last failed test call.
    expect(row!.verdict.reasons).toContain(`Circuit breaker open since ${trippedAt.toISOString().slice(0, 16).replace("T", " ")} UTC: calls are paused`);
    expect(row!.verdict.reasons.some((r) => r.startsWith("Authorization ends on"))).toBe(true);
    expect(row!.verdict.reasons).toContain("2 deliveries waiting to be retried");

    const summary = await healthSummary(t.db, org.id);
    expect(summary).toMatchObject({ connections: 1, endpoints: 0, needAttention: 1, breakersOpen: 1, deliveriesFailing: 2 });
  });

  it("lists only connections with credentials, says a bucket never used is empty, and a provider without a quota has none", async () => {
    const org = await makeOrg(t.db, "Quiet");
    await connect(t.db, org.id, "slack");
    await connect(t.db, org.id, "payrexx", { status: "disabled" });
    await connect(t.db, org.id, "stripe", { status: "disconnected" });
    await t.db.insertInto("connections").values({ org_id: org.id, connector_id: "zoom", status: "connected" }).execute(); // no credentials yet
    const rows = await connectionsHealth(t.db, org.id, "24h");
    expect(rows.map((r) => r.connectorId)).toEqual(["payrexx", "slack"]);
    const [payrexx, slack] = rows;
    expect(slack!.rateLimit).toEqual({ ...findManifest("slack")!.rateLimit!, inUse: 0 });
    expect(slack!.verdict).toEqual({ level: "ok", label: "Healthy", reasons: [] });
    expect(slack!.rates).toEqual({ calls: 0, failures: 0, rejected: 0, errorRate: 0, p50Ms: null, p95Ms: null });
    expect(findManifest("payrexx")!.rateLimit).toBeUndefined();
    expect(payrexx!.verdict.level).toBe("disabled");
    expect(payrexx!.rateLimit).toBeNull();
  });
});

describe("endpoints on the Health page", () => {
  it("counts failed attempts, messages waiting to retry and the last delivery", async () => {
    const org = await makeOrg(t.db, "Hooks");
    const { endpoint } = await insertEndpoint(t.db, { orgId: org.id, url: "https://hooks.example.test/in", eventTypes: ["event.published"], source: "admin", rateLimitPerSecond: 3 });
    const failingSince = new Date(Date.now() - 2 * HOUR);
    await t.db.updateTable("webhook_endpoints").set({ failing_since: failingSince }).where("id", "=", endpoint.id).execute();
    const deliveredAt = new Date(Date.now() - 3 * HOUR);
    const message = async (status: "succeeded" | "retrying" | "failed", delivered: Date | null = null) =>
      (
        await t.db
          .insertInto("webhook_messages")
          .values({ org_id: org.id, endpoint_id: endpoint.id, msg_id: `msg_${Math.random().toString(36).slice(2)}`, event_type: "event.published", body: "{}", status, delivered_at: delivered })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const ok = await message("succeeded", deliveredAt);
    const older = await message("succeeded", new Date(Date.now() - 30 * HOUR));
    const waiting = [await message("retrying"), await message("retrying")];
    await message("failed");
    const attempt = (messageId: string, status: number | null, durationMs: number) =>
      t.db
        .insertInto("webhook_attempts")
        .values({ org_id: org.id, message_id: messageId, endpoint_id: endpoint.id, trigger: "scheduled", request_headers: "{}", response_status: status, error: status === 200 ? null : "refused", duration_ms: durationMs })
        .execute();
    await attempt(ok, 200, 100);
    await attempt(waiting[0]!, 500, 200);
    await attempt(waiting[1]!, null, 300);
    await attempt(waiting[1]!, 503, 400);
    await t.db.insertInto("webhook_attempts").values({ org_id: org.id, message_id: older, endpoint_id: endpoint.id, trigger: "scheduled", request_headers: "{}", response_status: 200, duration_ms: 5, attempted_at: new Date(Date.now() - 30 * HOUR) }).execute();

    const [row] = await endpointsHealth(t.db, org.id, "24h");
    expect(row!.rates).toEqual({ calls: 4, failures: 3, rejected: 0, errorRate: 0.75, p50Ms: 250, p95Ms: percentileCont([100, 200, 300, 400], 0.95) });
    expect(row!.messagesWaiting).toBe(2);
    expect(row!.lastSuccessAt).toEqual(deliveredAt);
    expect(row!.rateLimitPerSecond).toBe(3);
    expect(row!.href).toBe(`/settings/webhooks/${endpoint.id}`);
    expect(row!.verdict.level).toBe("attention");
    expect(row!.verdict.reasons[0]).toMatch(/^Failing since .*: disabled on .* unless a delivery succeeds$/);
    expect(row!.verdict.reasons).toContain("2 messages waiting to be retried");
    expect((await endpointsHealth(t.db, org.id, "7d"))[0]!.rates.calls).toBe(5);

    await t.db.updateTable("webhook_endpoints").set({ enabled: false, disabled_reason: "The endpoint answered 410 Gone" }).where("id", "=", endpoint.id).execute();
    const [disabled] = await endpointsHealth(t.db, org.id, "24h");
    expect(disabled!.verdict).toMatchObject({ level: "disabled", label: "Disabled" });
    expect(disabled!.verdict.reasons[0]).toBe("The endpoint answered 410 Gone");
  });
});

describe("series for the charts", () => {
  it("has every bucket of the window, zeros where nothing happened, and none of another organization's calls", async () => {
    const org = await makeOrg(t.db, "Charts");
    const other = await makeOrg(t.db, "Elsewhere");
    const mine = await connect(t.db, org.id, "slack");
    const theirs = await connect(t.db, other.id, "slack");
    const now = new Date();
    const threeHoursAgo = new Date(now.getTime() - 3 * HOUR);
    await calls(t.db, mine, [
      { outcome: "success", latency: 100, at: threeHoursAgo },
      { outcome: "failure", latency: 300, at: threeHoursAgo },
      { outcome: "success", latency: 50, at: now },
      { outcome: "success", latency: 70, at: new Date(now.getTime() - 4 * 24 * HOUR) },
    ]);
    await calls(t.db, theirs, Array.from({ length: 10 }, () => ({ outcome: "failure" as const, latency: 999, at: threeHoursAgo })));

    const day = await healthOverview(t.db, org.id, "24h", now);
    expect(day.connections.map((c) => c.id)).toEqual([mine.id]);
    expect(day.series.deliveries).toBeNull();
    const points = day.series.calls!;
    expect(points).toHaveLength(24);
    const buckets = bucketsFor("24h", now);
    points.forEach((p, i) => expect(p.start.getTime()).toBe(buckets.first.getTime() + i * HOUR));
    const at = (d: Date) => points.findIndex((p) => p.start.getTime() <= d.getTime() && d.getTime() < p.start.getTime() + HOUR);
    expect(points[at(threeHoursAgo)]).toMatchObject({ calls: 2, failures: 1, errorRate: 0.5, p95Ms: percentileCont([100, 300], 0.95) });
    expect(points[at(now)]).toMatchObject({ calls: 1, failures: 0, p95Ms: 50 });
    const quiet = points.filter((_, i) => i !== at(threeHoursAgo) && i !== at(now));
    expect(quiet).toHaveLength(22);
    for (const p of quiet) expect(p).toMatchObject({ calls: 0, failures: 0, rejected: 0, p50Ms: null, p95Ms: null });

    const week = await healthOverview(t.db, org.id, "7d", now);
    expect(week.series.calls).toHaveLength(28);
    expect(week.series.calls!.reduce((n, p) => n + p.calls, 0)).toBe(4);
    expect(week.series.calls!.every((p, i) => i === 0 || p.start.getTime() - week.series.calls![i - 1]!.start.getTime() === 6 * HOUR)).toBe(true);
    expect(week.summary).toMatchObject({ connections: 1, degraded: 1 });

    // The other organization sees its own ten failures and nothing of ours.
    const theirsDay = await healthOverview(t.db, other.id, "24h", now);
    expect(theirsDay.series.calls!.reduce((n, p) => n + p.calls, 0)).toBe(10);
    expect(theirsDay.connections[0]!.rates.failures).toBe(10);
  });

  it("is empty for an organization with nothing connected", async () => {
    const org = await makeOrg(t.db, "Empty");
    const overview = await healthOverview(t.db, org.id, "24h");
    expect(overview).toMatchObject({ connections: [], endpoints: [], series: { calls: null, deliveries: null } });
    expect(overview.summary).toEqual({ connections: 0, endpoints: 0, needAttention: 0, degraded: 0, breakersOpen: 0, deliveriesFailing: 0 });
  });
});
