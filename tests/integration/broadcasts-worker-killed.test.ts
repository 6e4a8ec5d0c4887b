// A worker process killed with SIGKILL in the middle of a bulk SMS: no recipient
// is lost (a survivor takes the dead run's claimed recipients once their lease is
// over, and the rest), every number is texted, and only a text that was in flight
// when the worker died can have gone out twice.
import type { ChildProcess } from "node:child_process";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroadcast } from "@/lib/broadcasting/start";
import { listRecipients, progressOf } from "@/lib/broadcasts/records";
import { startWorker } from "@/lib/jobs/runner";
import { connectWithApiKey, updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { appKeyring } from "@/lib/vault/app-keyring";
import { addAttendees } from "../helpers/broadcast-audience";
import { makePublishedEvent, makeUser } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";
import { useSandbox } from "../helpers/sandbox";
import { waitFor } from "../helpers/wait";
import { exited, killLeftovers, spawnWorkerProcess } from "../helpers/worker-process";

const HEARTBEAT_MS = 250;
const STALE_MS = 1_500;
const LEASE_MS = 2_000;
const N = 12;
const ACCOUNT = "AC0000000000000000000000000000b0c1";

const t = useOrgDatabase();
const sandbox = useSandbox();
const children: ChildProcess[] = [];
const runners: Runner[] = [];
let userId: string;
let connectionId: string;

const sandboxSms = async (): Promise<Array<{ to: string; direction: string; body: string }>> =>
  ((await sandbox.inbox()).twilio.messages as Array<{ to: string; direction: string; body: string }>).filter((m) => m.direction === "outbound-api");

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  // Inherited by the child and read by the survivor: a dead run's claim is taken again after 2 s.
  process.env.BROADCAST_CLAIM_LEASE_MS = String(LEASE_MS);
  userId = (await makeUser(t.db, t.orgId, "owner")).id;
  // An API key and no auth token: no status callbacks are asked for, nothing else posts to us.
  await connectWithApiKey(t.db, appKeyring(), {
    orgId: t.orgId,
    userId,
    connectorId: "twilio",
    mode: "sandbox",
    fields: { accountSid: ACCOUNT, apiKeySid: "SK00000000000000000000000000000b01", apiKeySecret: "fake-api-key-secret-b01" },
  });
  connectionId = (await findConnection(t.db, t.orgId, "twilio"))!.id;
  const accounts = (await sandbox.control("twilio/accounts", undefined, "GET")) as Array<{ sid: string; numbers: Array<{ phoneNumber: string }> }>;
  const sender = accounts.find((a) => a.sid === ACCOUNT)!.numbers[0]!.phoneNumber;
  await updateSettings(t.db, t.orgId, "twilio", { sender, sendConfirmations: false });
});
afterAll(async () => {
  killLeftovers(children);
  for (const r of runners) await r.stop().catch(() => {});
  delete process.env.BROADCAST_CLAIM_LEASE_MS;
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

describe("a worker killed in the middle of a bulk SMS", () => {
  it("loses no recipient, and texts twice at most the one in flight", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const phones = Array.from({ length: N }, (_, i) => `+4144672${String(1000 + i)}`);
    await addAttendees(t.db, t.orgId, event, ticketType.id, phones.map((p, i) => ({ email: `killed-${i}@example.test`, smsPhone: p })));
    // Each text takes 300 ms at Twilio, so the batch is long enough to be killed in.
    await sandbox.control("faults", { provider: "twilio", kind: "latency", latencyMs: 300, times: 0, match: "/Messages.json" });
    const { id } = await startBroadcast(t.db, { orgId: t.orgId, userId }, event.id, { channel: `${connectionId}:sms`, audience: "all", text: "Killed mid-batch" });

    const child = await spawnWorkerProcess("tests/fixtures/killable-outbound-worker.ts", { DATABASE_URL: t.url, WORKER_HEARTBEAT_MS: String(HEARTBEAT_MS), WORKER_STALE_MS: String(STALE_MS), WORKER_CONCURRENCY: "2" }, children);
    // Mid-batch: some texted, one claimed and in flight.
    await waitFor(async () => {
      const p = await progressOf(t.db, id);
      return p.sent >= 3 && p.sending === 1 && p;
    }, { what: "the broadcast to be under way", timeoutMs: 20_000 });
    child.kill("SIGKILL");
    expect(await exited(child)).toBe("SIGKILL");
    // A COMMIT the child sent just before dying may still land; then the state is final.
    await new Promise((r) => setTimeout(r, 200));
    const inFlight = (await listRecipients(t.db, id)).filter((r) => r.status === "sending").map((r) => r.address);
    const sentBeforeKill = (await progressOf(t.db, id)).sent;
    expect(sentBeforeKill).toBeLessThan(N);

    const survivor = await startWorker({ connectionString: t.url, db: t.db, pollInterval: 100, concurrency: 2, heartbeatMs: HEARTBEAT_MS, staleMs: STALE_MS });
    runners.push(survivor);
    await waitFor(async () => (await t.db.selectFrom("broadcasts").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status === "done", {
      what: "the survivor to finish the broadcast",
      timeoutMs: 30_000,
    });
    expect(await progressOf(t.db, id)).toMatchObject({ total: N, sent: N, skipped: 0, failed: 0 });
    const texts = (await sandboxSms()).filter((m) => m.body.startsWith("Killed mid-batch"));
    const perNumber = new Map<string, number>();
    for (const m of texts) perNumber.set(m.to, (perNumber.get(m.to) ?? 0) + 1);
    for (const p of phones) expect(perNumber.get(p), `texts to ${p}`).toBeGreaterThanOrEqual(1);
    const twice = [...perNumber].filter(([, n]) => n > 1).map(([p]) => p);
    for (const p of twice) expect(inFlight).toContain(p);
    expect(texts.length).toBeLessThanOrEqual(N + inFlight.length);
  });
});
