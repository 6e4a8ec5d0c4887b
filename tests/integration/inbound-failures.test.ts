// Processing a received callback when the provider refuses to answer: a permanent
// refusal (the object is gone) is recorded once as final and never retried; a
// provider error (500) is retried; the received-webhooks list says which is which.
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCredentials } from "@/lib/integrations/connections/credentials";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { isPermanentFailure } from "@/lib/domain/outbox/subscribers";
import { listWebhookEvents, processWebhookEvent } from "@/lib/webhooks/inbound/process";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const signer = new Stripe("sk_test_signing_only_0000").webhooks;
let POST: typeof import("@/app/api/webhooks/[provider]/route").POST;
let connectionId = "";
let secret = "";

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  // Connecting registers this address as the Stripe webhook endpoint; these tests post callbacks themselves.
  process.env.APP_URL = "http://127.0.0.1:9";
  ({ POST } = await import("@/app/api/webhooks/[provider]/route"));
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: "sk_test_switchboard0001", publishableKey: "pk_test_switchboard0001" } });
  const row = (await findConnection(t.db, t.orgId, "stripe"))!;
  connectionId = row.id;
  secret = (await readCredentials<{ webhookSecret: string }>(t.db, appKeyring(), row, "Stripe")).webhookSecret;
});
afterAll(async () => {
  await sandbox.control("faults", undefined, "DELETE");
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

/** A signed checkout.session.completed for a session id of our choosing, through the real route; returns the stored row's id. */
async function deliver(sessionId: string): Promise<string> {
  const body = JSON.stringify({ id: `evt_test_${randomUUID()}`, object: "event", type: "checkout.session.completed", created: Math.floor(Date.now() / 1000), data: { object: { id: sessionId, object: "checkout.session", metadata: {} } } });
  const signature = signer.generateTestHeaderString({ payload: body, secret });
  const res = await POST(new Request(`http://localhost/api/webhooks/stripe?connection=${connectionId}`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body }), { params: Promise.resolve({ provider: "stripe" }) });
  expect(res.status).toBe(200);
  return (await t.db.selectFrom("webhook_events").select("id").where("external_id", "=", JSON.parse(body).id).executeTakeFirstOrThrow()).id;
}

const job = async (id: string) => (await sql<{ attempts: number; locked_at: Date | null }>`select attempts, locked_at from graphile_worker.jobs where key = ${"webhook:" + id}`.execute(t.db)).rows[0];

/** The row once its processing failed and the job queue has finished with that attempt (the job is done, or waits for its retry). */
async function failedAndSettled(id: string) {
  return waitFor(async () => {
    const row = await t.db.selectFrom("webhook_events").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const j = await job(id);
    return row.status === "failed" && !j?.locked_at ? { row, job: j } : undefined;
  }, { what: `callback ${id} failed`, timeoutMs: 20_000 });
}

const retrieveCalls = async (sessionId: string) =>
  (await sandbox.requests("stripe")).filter((r) => r.path === `/v1/checkout/sessions/${sessionId}`).length;

describe("processing a callback the provider refuses", () => {
  it("records a 404 (the session does not exist) as failed for good after exactly one attempt, and does not retry it", async () => {
    const sessionId = `cs_test_missing_${randomUUID().slice(0, 8)}`;
    const id = await deliver(sessionId);
    const { row, job: left } = await failedAndSettled(id);
    expect(left).toBeUndefined();
    expect(row).toMatchObject({ status: "failed", attempts: 1, retry_at: null });
    expect(row.error).toBe(`checkout.sessions.retrieve: Stripe: No such checkout.session: '${sessionId}'`);
    expect(await retrieveCalls(sessionId)).toBe(1);
    const logged = await t.db.selectFrom("integration_calls").select(["outcome", "http_status"]).where("connection_id", "=", connectionId).where("error", "like", `%${sessionId}%`).execute();
    expect(logged).toEqual([{ outcome: "failure", http_status: 404 }]);

    const listed = (await listWebhookEvents(t.db, t.orgId)).find((r) => r.id === id)!;
    expect(listed).toMatchObject({ status: "failed", error: row.error, final: true, retry_at: null });
  });

  it("retries a callback whose provider answers 500, and says when it will try again", async () => {
    const sessionId = `cs_test_outage_${randomUUID().slice(0, 8)}`;
    await sandbox.control("faults", { provider: "stripe", match: `/v1/checkout/sessions/${sessionId}`, kind: "status", status: 500, times: 0 });
    const id = await deliver(sessionId);
    const { row, job: waiting } = await failedAndSettled(id);
    // Still queued: the job queue will run it again.
    expect(waiting?.attempts).toBeGreaterThanOrEqual(1);
    expect(row.error).toMatch(/^checkout\.sessions\.retrieve: /);
    expect(row.retry_at).toBeInstanceOf(Date);
    expect(row.retry_at!.getTime()).toBeGreaterThan(Date.now() - 1000);
    // The policy's own retries within the attempt: the provider was asked more than once.
    expect(await retrieveCalls(sessionId)).toBeGreaterThan(1);

    const listed = (await listWebhookEvents(t.db, t.orgId)).find((r) => r.id === id)!;
    expect(listed).toMatchObject({ status: "failed", error: row.error, final: false, retry_at: expect.any(Date) });
  });

  it("fails a callback whose receiving connection was disconnected once, for good, instead of retrying it", async () => {
    const id = await deliver(`cs_test_orphan_${randomUUID().slice(0, 8)}`);
    await failedAndSettled(id);
    // As a disconnect leaves it (on delete set null), then processed again the way the job queue would.
    await t.db.updateTable("webhook_events").set({ connection_id: null, status: "received", error: null, attempts: 0 }).where("id", "=", id).execute();
    const err = await processWebhookEvent(t.db, id, { retryAt: new Date(Date.now() + 60_000) }).catch((e: unknown) => e);
    expect(isPermanentFailure(err)).toBe(true);
    const row = await t.db.selectFrom("webhook_events").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "failed", attempts: 1, retry_at: null });
    expect(row.error).toMatch(/disconnected/);
  });
});
