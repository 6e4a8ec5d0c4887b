// A worker process SIGKILLed in the middle of a batch of real outbound webhook
// deliveries (10 published events × 4 endpoints, a receiver taking 300 ms per
// request): a second worker with short heartbeat/stale settings takes over, every
// message reaches the receiver, and a message delivered twice (the dead worker
// had posted it but not recorded the attempt) carries the same webhook-id and the
// same body bytes both times. Receivers deduplicate on webhook-id; this is what
// makes that enough.
import type { ChildProcess } from "node:child_process";
import { sql } from "kysely";
import type { Runner } from "graphile-worker";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "@/lib/jobs/runner";
import { configureWebhookDelivery } from "@/lib/webhooks/outbound/config";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { makePublishedEvent } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";
import { waitFor } from "../helpers/wait";
import { startReceiver, type Received, type Receiver } from "../helpers/webhook-receiver";
import { exited, killLeftovers, spawnWorkerProcess } from "../helpers/worker-process";

// Short settings so the test takes seconds; production defaults are 5 s and 30 s.
const HEARTBEAT_MS = 250;
const STALE_MS = 1_500;
const RECEIVER_MS = 300;
const EVENTS = 10;
const ENDPOINTS = 4;
const N = EVENTS * ENDPOINTS;
// Retries would blur "delivered twice because of the kill"; the receiver always
// answers 200, so none are expected. The timeout is well above the receiver's pace.
const DELIVERY_ENV = { WEBHOOK_RETRY_SCHEDULE_MS: "0,100,100", WEBHOOK_TIMEOUT_MS: "5000" };

const t = useOrgDatabase();
let receiver: Receiver;
const children: ChildProcess[] = [];
const runners: Runner[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  // Inherited by the child, read per attempt by both workers.
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${receiver.port}`;
  configureWebhookDelivery({ scheduleMs: [0, 100, 100], timeoutMs: 5_000 });
});
afterAll(async () => {
  killLeftovers(children);
  for (const r of runners) await r.stop().catch(() => {});
  await receiver?.stop();
  configureWebhookDelivery({});
  delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
});

function spawnWorker(): Promise<ChildProcess> {
  return spawnWorkerProcess("tests/fixtures/killable-outbound-worker.ts", {
    ...DELIVERY_ENV,
    DATABASE_URL: t.url,
    WORKER_HEARTBEAT_MS: String(HEARTBEAT_MS),
    WORKER_STALE_MS: String(STALE_MS),
    WORKER_CONCURRENCY: "5",
  }, children);
}

const paths = Array.from({ length: ENDPOINTS }, (_, i) => `/slow-${i}`);
const allReceived = (): Received[] => paths.flatMap((p) => receiver.received(p));
const recordedMsgIds = async () =>
  new Set((await sql<{ msg_id: string }>`select m.msg_id from webhook_attempts a join webhook_messages m on m.id = a.message_id`.execute(t.db)).rows.map((r) => r.msg_id));
const succeeded = async () => Number((await sql<{ n: string }>`select count(*) as n from webhook_messages where status = 'succeeded'`.execute(t.db)).rows[0]!.n);

describe("a worker killed in the middle of outbound deliveries", () => {
  it("loses no message; a duplicate delivery has the same webhook-id and body bytes", async () => {
    for (const p of paths) receiver.on(p, () => ({ status: 200, body: "ok", delayMs: RECEIVER_MS }));
    const secrets = new Map<string, string>();
    for (const p of paths) {
      const { endpoint, secret } = await insertEndpoint(t.db, { orgId: t.orgId, url: receiver.url(p), eventTypes: ["event.published"], source: "admin" });
      secrets.set(p, secret);
      expect(endpoint.enabled).toBe(true);
    }
    // The facts are in the outbox (their dispatch jobs queued) before any worker runs.
    for (let i = 0; i < EVENTS; i++) await makePublishedEvent(t.db, t.orgId);

    const child = await spawnWorker();
    // Mid-batch: a quarter delivered or in flight, most not, and some POST received
    // whose attempt is not recorded yet (the receiver is still "thinking").
    await waitFor(async () => {
      const ids = new Set(allReceived().map((r) => r.headers["webhook-id"]));
      return ids.size >= N / 4 && (await succeeded()) < N - 10 && (await recordedMsgIds()).size < ids.size;
    }, { what: "the batch to be under way" });
    child.kill("SIGKILL");
    expect(await exited(child)).toBe("SIGKILL");
    const killedAt = Date.now();
    // A COMMIT the child sent just before dying may still land; then the state is final.
    await new Promise((r) => setTimeout(r, 200));
    const receivedBeforeKill = allReceived().filter((r) => r.at < killedAt);
    const recorded = await recordedMsgIds();
    // Posted by the dead worker, never recorded: exactly these must be sent again.
    const inFlight = new Set(receivedBeforeKill.map((r) => r.headers["webhook-id"]!).filter((id) => !recorded.has(id)));
    expect(inFlight.size).toBeGreaterThan(0);

    const survivor = await startWorker({ connectionString: t.url, db: t.db, concurrency: 5, pollInterval: 100, heartbeatMs: HEARTBEAT_MS, staleMs: STALE_MS });
    runners.push(survivor);

    await waitFor(async () => (await succeeded()) === N, { what: `all ${N} messages succeeded`, timeoutMs: 20_000 });
    const recoveryMs = Date.now() - killedAt;

    const messages = await t.db.selectFrom("webhook_messages").selectAll().where("org_id", "=", t.orgId).execute();
    expect(messages).toHaveLength(N);
    expect(messages.every((m) => m.status === "succeeded")).toBe(true);
    const byMsgId = new Map(messages.map((m) => [m.msg_id, m]));

    // Every message reached the receiver: the set of webhook-ids is the set of messages.
    const received = allReceived();
    const deliveries = new Map<string, Received[]>();
    for (const r of received) {
      const id = r.headers["webhook-id"]!;
      deliveries.set(id, [...(deliveries.get(id) ?? []), r]);
    }
    expect([...deliveries.keys()].sort()).toEqual([...byMsgId.keys()].sort());

    // Each delivery, first or repeated, is the stored message: same id, same bytes, to
    // its own endpoint, signed with that endpoint's secret.
    const duplicated: string[] = [];
    for (const [id, rs] of deliveries) {
      const message = byMsgId.get(id)!;
      for (const r of rs) {
        expect(r.body).toBe(message.body);
        expect(new Webhook(secrets.get(r.path)!).verify(r.body, r.headers)).toMatchObject({ type: "event.published" });
      }
      expect(new Set(rs.map((r) => r.path)).size).toBe(1);
      if (rs.length > 1) {
        duplicated.push(id);
        // Only a message in flight when the worker died is sent again, and only once more.
        expect(inFlight.has(id), `${id} was delivered twice but was not in flight at the kill`).toBe(true);
        expect(rs).toHaveLength(2);
        expect(rs[0]!.at).toBeLessThan(killedAt);
        expect(rs[1]!.at).toBeGreaterThanOrEqual(killedAt);
      }
    }
    // And every one in flight was sent again (the survivor reran its job).
    expect(duplicated.sort()).toEqual([...inFlight].sort());
    // The receiver answered 200 every time, so each message has exactly one recorded
    // attempt: the dead worker's unanswered POSTs were never recorded.
    const attempts = await sql<{ message_id: string; n: number; ok: number }>`
      select message_id, count(*)::int as n, count(*) filter (where response_status = 200)::int as ok
      from webhook_attempts group by message_id`.execute(t.db);
    expect(attempts.rows).toHaveLength(N);
    expect(attempts.rows.every((a) => a.n === 1 && a.ok === 1)).toBe(true);

    // Nothing left in the queue (a job records its message's success before
    // graphile-worker completes it, so the queue is waited for, not read at once);
    // the dead worker's heartbeat swept, the survivor's there.
    await waitFor(async () => {
      const { rows: left } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'deliver_webhook_message'`.execute(t.db);
      return left[0]!.n === 0;
    }, { what: "the delivery jobs to be gone" });
    const { rows: beats } = await sql<{ pid: number }>`select pid from worker_heartbeats`.execute(t.db);
    expect(beats.map((b) => b.pid)).toEqual([process.pid]);

    console.log(
      `[outbound-worker-killed] ${receivedBeforeKill.length} requests received before the kill, ${inFlight.size} of them unrecorded; ${received.length} in all for ${N} messages ` +
        `(${duplicated.length} delivered twice); all succeeded ${recoveryMs} ms after the kill (heartbeat ${HEARTBEAT_MS} ms, stale ${STALE_MS} ms)`,
    );
    expect(recoveryMs).toBeLessThan(STALE_MS + 15_000);
  });
});
