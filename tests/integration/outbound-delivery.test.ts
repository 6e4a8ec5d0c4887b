// Outbound webhooks end to end on a real graphile-worker and Postgres: fan-out
// from the outbox, Standard Webhooks signatures verified with the
// standardwebhooks package, the retry schedule (compressed), faults, 410, the
// 5-day rule (compressed), the SSRF guard, resend, replay, test events, rate limits.
import { sql } from "kysely";
import type { Runner } from "graphile-worker";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "@/lib/jobs/runner";
import { configureWebhookDelivery, DEFAULT_SCHEDULE_MS } from "@/lib/webhooks/outbound/config";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { createEndpoint, rotateEndpointSecret, setEndpointEnabled } from "@/lib/webhooks/outbound/endpoints";
import { replayFailedSince, resendMessage, sendTestEvent } from "@/lib/webhooks/outbound/messages";
import { SIGNATURE_PLACEHOLDER } from "@/lib/webhooks/outbound/sign";
import { outboundWebhooksSource, outboundWebhooksSubscriber } from "@/lib/webhooks/outbound/subscriber";
import { makeOrg, makePublishedEvent, makeUser } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";
import { waitFor } from "../helpers/wait";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";

const t = useOrgDatabase();
let receiver: Receiver;
let runner: Runner;

// The real schedule (immediately, 5 s, 5 min, … 10 h) compressed to 8 attempts 60 ms apart.
const SCHEDULE = DEFAULT_SCHEDULE_MS.map((ms) => (ms === 0 ? 0 : 60));
const BASE = { scheduleMs: SCHEDULE, timeoutMs: 400, disableAfterMs: 60_000 };

beforeAll(async () => {
  receiver = await startReceiver();
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${receiver.port},127.0.0.1:${receiver.downPort}`;
  configureWebhookDelivery(BASE);
  await makeUser(t.db, t.orgId, "owner", `owner-${t.orgId.slice(0, 8)}@example.test`);
  runner = await startWorker({ connectionString: t.url, db: t.db, sources: [outboundWebhooksSource], pollInterval: 50, concurrency: 4 });
});
afterEach(() => configureWebhookDelivery(BASE));
afterAll(async () => {
  await runner?.stop();
  await receiver?.stop();
  configureWebhookDelivery({});
  delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
});

let n = 0;
async function endpoint(path: string, opts: { eventTypes?: string[]; rate?: number; source?: "admin" | "zapier"; url?: string } = {}) {
  return insertEndpoint(t.db, {
    orgId: t.orgId,
    url: opts.url ?? receiver.url(path),
    description: `test ${++n}`,
    eventTypes: opts.eventTypes ?? ["event.published"],
    source: opts.source ?? "admin",
    rateLimitPerSecond: opts.rate ?? null,
  });
}

const messagesOf = (endpointId: string) => t.db.selectFrom("webhook_messages").selectAll().where("endpoint_id", "=", endpointId).orderBy("created_at").execute();
const attemptsOf = (messageId: string) => t.db.selectFrom("webhook_attempts").selectAll().where("message_id", "=", messageId).orderBy("id").execute();
const endpointRow = (id: string) => t.db.selectFrom("webhook_endpoints").selectAll().where("id", "=", id).executeTakeFirst();

async function settled(messageId: string, status: "succeeded" | "failed", timeoutMs = 15_000) {
  return waitFor(async () => {
    const m = await t.db.selectFrom("webhook_messages").selectAll().where("id", "=", messageId).executeTakeFirst();
    return m?.status === status ? m : undefined;
  }, { what: `message ${messageId} to be ${status}`, timeoutMs });
}

function verify(secret: string, r: { body: string; headers: Record<string, string> }) {
  return new Webhook(secret).verify(r.body, r.headers) as { type: string; timestamp: string; data: unknown };
}

describe("outbound webhooks", () => {
  it("fans a fact out to a subscribed endpoint and signs it so standardwebhooks verifies it", async () => {
    const { endpoint: ep, secret } = await endpoint("/basic");
    const { event } = await makePublishedEvent(t.db, t.orgId);
    const [req] = await waitFor(async () => (receiver.received("/basic").length ? receiver.received("/basic") : undefined), { what: "the delivery" });
    const payload = verify(secret, req!);
    expect(payload.type).toBe("event.published");
    expect(Object.keys(payload)).toEqual(["type", "timestamp", "data"]);
    expect((payload.data as { event: { id: string } }).event.id).toBe(event.id);
    expect(req!.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(req!.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(req!.headers["content-type"]).toBe("application/json");
    // A forged body does not verify.
    expect(() => verify(secret, { ...req!, body: req!.body.replace("event.published", "event.cancelled") })).toThrow();

    const [message] = await messagesOf(ep.id);
    const done = await settled(message!.id, "succeeded");
    expect(done.msg_id).toBe(req!.headers["webhook-id"]);
    expect(done.body).toBe(req!.body);
    // event.created is not subscribed: only one message.
    expect(await messagesOf(ep.id)).toHaveLength(1);
    const [attempt] = await attemptsOf(message!.id);
    expect(attempt).toMatchObject({ trigger: "scheduled", response_status: 200, response_body: "ok", error: null });
    const logged = attempt!.request_headers as Record<string, string>;
    expect(logged["webhook-signature"]).toBe(SIGNATURE_PLACEHOLDER);
    expect(logged["webhook-id"]).toBe(done.msg_id);
    expect(JSON.stringify(attempt!.request_headers)).not.toContain(req!.headers["webhook-signature"]!.slice(3));
  });

  it("retries a 500 and then succeeds: two attempts logged, same id and bytes", async () => {
    receiver.on("/flaky", (i) => (i === 1 ? { status: 500, body: "boom" } : { status: 204 }));
    const { endpoint: ep, secret } = await endpoint("/flaky");
    const { messageId } = await sendTestEvent(t.db, t.orgId, ep.id);
    const done = await settled(messageId, "succeeded");
    expect(done.attempts).toBe(2);
    const attempts = await attemptsOf(messageId);
    expect(attempts.map((a) => a.response_status)).toEqual([500, 204]);
    expect(attempts[0]!.response_body).toBe("boom");
    expect(attempts[0]!.error).toBe("The endpoint answered 500");
    expect(attempts.filter((a) => a.response_status === 204)).toHaveLength(1);
    const reqs = receiver.received("/flaky");
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.headers["webhook-id"]).toBe(reqs[1]!.headers["webhook-id"]);
    expect(reqs[0]!.body).toBe(reqs[1]!.body);
    for (const r of reqs) verify(secret, r);
    expect((await endpointRow(ep.id))!.failing_since).toBeNull();
  });

  it("logs a receiver that hangs past the timeout as a timeout, and retries", async () => {
    receiver.on("/hang", (i) => (i === 1 ? "hang" : { status: 200 }));
    const { endpoint: ep } = await endpoint("/hang");
    const { messageId } = await sendTestEvent(t.db, t.orgId, ep.id);
    await settled(messageId, "succeeded");
    const [first, second] = await attemptsOf(messageId);
    expect(first!.response_status).toBeNull();
    expect(first!.error).toBe("Timed out after 400 ms");
    expect(first!.duration_ms).toBeGreaterThanOrEqual(350);
    expect(second!.response_status).toBe(200);
  });

  it("fails a message after the whole schedule when the receiver stays down", async () => {
    const { endpoint: ep } = await endpoint("/down", { url: `http://127.0.0.1:${receiver.downPort}/down` });
    const { messageId } = await sendTestEvent(t.db, t.orgId, ep.id);
    const failed = await settled(messageId, "failed");
    expect(failed.attempts).toBe(SCHEDULE.length);
    expect(failed.next_attempt_at).toBeNull();
    const attempts = await attemptsOf(messageId);
    expect(attempts).toHaveLength(8);
    expect(attempts.every((a) => a.response_status === null && a.error!.startsWith("Network error"))).toBe(true);
    // Well short of five days: still enabled, but known to be failing.
    const row = await endpointRow(ep.id);
    expect(row!.enabled).toBe(true);
    expect(row!.failing_since).toBeInstanceOf(Date);
  });

  it("disables an endpoint failing for 5 days straight (compressed) and tells the admins", async () => {
    configureWebhookDelivery({ ...BASE, disableAfterMs: 200 });
    receiver.on("/dead", () => ({ status: 503 }));
    const { endpoint: ep } = await endpoint("/dead");
    const { messageId } = await sendTestEvent(t.db, t.orgId, ep.id);
    const failed = await settled(messageId, "failed");
    const row = await endpointRow(ep.id);
    expect(row!.enabled).toBe(false);
    expect(row!.disabled_reason).toMatch(/^Every delivery failed since/);
    // Marked in the disabling transaction: the alerts evaluation reads it (lib/alerts).
    expect(row!.disabled_for_failures_at).toBeInstanceOf(Date);
    // The remaining schedule stopped with the endpoint.
    expect(failed.attempts).toBeLessThan(SCHEDULE.length);
    const notice = await waitFor(
      () => t.db.selectFrom("activity_log").selectAll().where("org_id", "=", t.orgId).where("type", "=", "webhook.endpoint_disabled").executeTakeFirst(),
      { what: "the notice" },
    );
    expect(notice.summary).toContain(receiver.url("/dead"));
    expect(notice.summary).toContain("Not e-mailed");
    expect(notice.domain_event_id).toBeNull();
    // No further deliveries are made to it.
    const before = receiver.received("/dead").length;
    await sendTestEvent(t.db, t.orgId, ep.id).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received("/dead")).toHaveLength(before);
  });

  it("disables an endpoint that answers 410 Gone, and deletes a Zapier subscription", async () => {
    receiver.on("/gone", () => ({ status: 410 }));
    const { endpoint: admin } = await endpoint("/gone");
    const { messageId } = await sendTestEvent(t.db, t.orgId, admin.id);
    const failed = await settled(messageId, "failed");
    expect(failed.attempts).toBe(1);
    const row = await endpointRow(admin.id);
    expect(row).toMatchObject({ enabled: false, disabled_reason: "The endpoint answered 410 Gone", disabled_for_failures_at: null });

    const { endpoint: zap } = await endpoint("/gone", { source: "zapier" });
    await sendTestEvent(t.db, t.orgId, zap.id);
    await waitFor(async () => !(await endpointRow(zap.id)), { what: "the Zapier subscription to be deleted" });
  });

  it("fails at once, with the reason, when the SSRF guard refuses the address", async () => {
    // Saving it is refused already; this one stands for a row saved before or by another path.
    await expect(createEndpoint(t.db, t.orgId, { url: "http://10.1.2.3/hook", eventTypes: ["event.published"] })).rejects.toMatchObject({ fieldErrors: { url: [expect.stringContaining("public internet")] } });
    const { endpoint: ep } = await endpoint("/x", { url: "http://10.1.2.3/hook" });
    const { messageId } = await sendTestEvent(t.db, t.orgId, ep.id);
    const failed = await settled(messageId, "failed");
    expect(failed.attempts).toBe(1);
    const [attempt] = await attemptsOf(messageId);
    expect(attempt!.error).toMatch(/^Refused by the outbound guard \(private\)/);
    expect((await endpointRow(ep.id))!.failing_since).toBeNull();
  });

  it("signs with the old and the new secret during a rotation", async () => {
    const { endpoint: ep, secret: oldSecret } = await endpoint("/rotate");
    const { secret: newSecret, previousExpiresAt } = await rotateEndpointSecret(t.db, t.orgId, ep.id);
    expect(previousExpiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    const { messageId } = await sendTestEvent(t.db, t.orgId, ep.id);
    await settled(messageId, "succeeded");
    const [req] = receiver.received("/rotate");
    expect(req!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verify(oldSecret, req!).type).toBe("webhook.test");
    expect(verify(newSecret, req!).type).toBe("webhook.test");
    expect(() => verify("whsec_" + Buffer.alloc(24, 7).toString("base64"), req!)).toThrow();
    const [attempt] = await attemptsOf(messageId);
    expect((attempt!.request_headers as Record<string, string>)["webhook-signature"]).toBe(`${SIGNATURE_PLACEHOLDER} ${SIGNATURE_PLACEHOLDER}`);

    // After the overlap only the new secret signs.
    await t.db.updateTable("webhook_endpoints").set({ previous_secret_expires_at: new Date(Date.now() - 1000) }).where("id", "=", ep.id).execute();
    const second = await sendTestEvent(t.db, t.orgId, ep.id);
    await settled(second.messageId, "succeeded");
    const req2 = receiver.received("/rotate")[1]!;
    expect(req2.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    verify(newSecret, req2);
    expect(() => verify(oldSecret, req2)).toThrow();
  });

  it("resends one message and replays every failed message since a time", async () => {
    let healthy = false;
    receiver.on("/replay", () => (healthy ? { status: 200 } : { status: 500 }));
    const { endpoint: ep } = await endpoint("/replay");
    const early = await sendTestEvent(t.db, t.orgId, ep.id);
    await settled(early.messageId, "failed");
    await new Promise((r) => setTimeout(r, 50));
    const since = new Date();
    const a = await sendTestEvent(t.db, t.orgId, ep.id);
    const b = await sendTestEvent(t.db, t.orgId, ep.id);
    await settled(a.messageId, "failed");
    await settled(b.messageId, "failed");

    healthy = true;
    await resendMessage(t.db, t.orgId, early.messageId);
    await settled(early.messageId, "succeeded");
    expect((await attemptsOf(early.messageId)).at(-1)).toMatchObject({ trigger: "resend", response_status: 200 });

    // Fail the early one again to prove "since" leaves it alone.
    await t.db.updateTable("webhook_messages").set({ status: "failed" }).where("id", "=", early.messageId).execute();
    expect(await replayFailedSince(t.db, t.orgId, ep.id, since.toISOString())).toBe(2);
    await settled(a.messageId, "succeeded");
    await settled(b.messageId, "succeeded");
    expect((await attemptsOf(a.messageId)).at(-1)).toMatchObject({ trigger: "replay", response_status: 200 });
    await new Promise((r) => setTimeout(r, 200));
    expect((await attemptsOf(early.messageId)).filter((x) => x.trigger === "replay")).toHaveLength(0);

    // Another organization cannot resend it.
    const other = await makeOrg(t.db, "Other");
    await expect(resendMessage(t.db, other.id, a.messageId)).rejects.toThrow("Message was not found");
    // A disabled endpoint is not replayed.
    await setEndpointEnabled(t.db, t.orgId, ep.id, false);
    await expect(replayFailedSince(t.db, t.orgId, ep.id, since.toISOString())).rejects.toThrow("disabled");
  });

  it("sends a test event of type webhook.test with no domain event", async () => {
    const { endpoint: ep, secret } = await endpoint("/test-event");
    const { messageId, msgId } = await sendTestEvent(t.db, t.orgId, ep.id);
    const done = await settled(messageId, "succeeded");
    expect(done.domain_event_id).toBeNull();
    expect(done.event_type).toBe("webhook.test");
    const [req] = receiver.received("/test-event");
    expect(req!.headers["webhook-id"]).toBe(msgId);
    const payload = verify(secret, req!);
    expect(payload).toMatchObject({ type: "webhook.test", data: { endpointId: ep.id } });
    expect((await attemptsOf(messageId))[0]!.trigger).toBe("test");
  });

  it("spaces deliveries to a rate-limited endpoint instead of failing them", async () => {
    const { endpoint: ep } = await endpoint("/limited", { rate: 5 });
    const ids = await Promise.all(Array.from({ length: 6 }, () => sendTestEvent(t.db, t.orgId, ep.id)));
    for (const { messageId } of ids) {
      const m = await settled(messageId, "succeeded");
      expect(m.attempts).toBe(1);
    }
    const times = receiver.received("/limited").map((r) => r.at).sort((x, y) => x - y);
    expect(times).toHaveLength(6);
    // 5 per second: tokens are granted 200 ms apart. What the receiver sees is the
    // grant plus that request's own latency, and two requests' latencies differ by
    // tens of milliseconds on a busy machine; so one gap is allowed to shrink by up
    // to half the interval (without the limit all six arrive within a few ms), and
    // the whole run, five intervals, by at most one such difference.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(900);
  });

  it("fans one fact out to many endpoints as one message each, and a second run adds nothing", async () => {
    const N = 120;
    const eps = [];
    for (let i = 0; i < N; i++) eps.push((await endpoint("/many", { eventTypes: ["event.created", "event.cancelled"] })).endpoint);
    // Not subscribed, disabled, another organization: none of these get a message.
    const unsubscribed = (await endpoint("/many", { eventTypes: ["attendee.checked_in"] })).endpoint;
    const disabled = (await endpoint("/many", { eventTypes: ["event.created"] })).endpoint;
    await setEndpointEnabled(t.db, t.orgId, disabled.id, false);
    const otherOrg = await makeOrg(t.db, "Elsewhere");
    await insertEndpoint(t.db, { orgId: otherOrg.id, url: receiver.url("/many"), eventTypes: ["event.created"], source: "admin" });

    const { event } = await makePublishedEvent(t.db, t.orgId);
    const fact = await t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", event.id).where("type", "=", "event.created").executeTakeFirstOrThrow();
    const count = () => t.db.selectFrom("webhook_messages").select((eb) => eb.fn.countAll<string>().as("n")).where("domain_event_id", "=", fact.id).executeTakeFirstOrThrow().then((r) => Number(r.n));
    await waitFor(async () => (await count()) === N, { what: `${N} messages`, timeoutMs: 20_000 });

    // The subscriber's job running a second time (a crash after commit, a manual retry).
    const { loadDomainEvent } = await import("@/lib/jobs/tasks");
    const loaded = (await loadDomainEvent(t.db, fact.id))!;
    expect(await outboundWebhooksSubscriber.handle(loaded, { db: t.db, attempt: 2 })).toBe("skipped");
    expect(await count()).toBe(N);
    const msgs = await t.db.selectFrom("webhook_messages").select(["endpoint_id", "id"]).where("domain_event_id", "=", fact.id).execute();
    expect(new Set(msgs.map((m) => m.endpoint_id))).toEqual(new Set(eps.map((e) => e.id)));
    expect(msgs.some((m) => [unsubscribed.id, disabled.id].includes(m.endpoint_id))).toBe(false);

    // Each message is delivered once.
    await waitFor(async () => {
      const r = await sql<{ n: string }>`select count(*) as n from webhook_messages where domain_event_id = ${fact.id} and status = 'succeeded'`.execute(t.db);
      return Number(r.rows[0]!.n) === N;
    }, { what: "every message delivered", timeoutMs: 30_000 });
    const ids = receiver.received("/many").filter((r) => JSON.parse(r.body).type === "event.created").map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
  }, 60_000);
});
