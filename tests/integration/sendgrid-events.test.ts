// SendGrid's signed Event Webhook end to end: every signature check (forged,
// altered, stale, future, missing) refused with 400 and nothing stored; a batch
// stored once however often it is posted and each event counted once; the
// sandbox's signed bounce suppressing the address, after which confirmations,
// reminders and test e-mails to it are skipped (counted, never failed).
import { generateKeyPairSync, sign } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { findSuppression } from "@/lib/email/suppressions";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connectWithApiKey, sendTest, updateSettings } from "@/lib/integrations/connections/service";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { connectorPage } from "@/lib/integrations/views";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";
import { useWebhookRoute } from "../helpers/webhook-route";

const { t, sandbox, owner } = useIntegrationHarness();

const API_KEY = "SG.fake-events-key.fake-events-secret";
// Our own signer first, so the tests can sign stale and future batches; the sandbox's key later.
const ours = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const OUR_PUBLIC_KEY = ours.publicKey.export({ type: "spki", format: "der" }).toString("base64");
const app = useWebhookRoute(t);
let connectionId: string;

const webhookUrl = () => `${app.url}/api/webhooks/sendgrid?connection=${connectionId}`;
const nowSec = () => Math.floor(Date.now() / 1000);

function signed(body: string, opts: { timestamp?: number; key?: typeof ours.privateKey } = {}) {
  const timestamp = String(opts.timestamp ?? nowSec());
  const signature = sign("sha256", Buffer.from(timestamp + body), opts.key ?? ours.privateKey).toString("base64");
  return { "X-Twilio-Email-Event-Webhook-Signature": signature, "X-Twilio-Email-Event-Webhook-Timestamp": timestamp };
}

const post = (body: string, headers: Record<string, string>) => fetch(webhookUrl(), { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
const storedBatches = async () => t.db.selectFrom("webhook_events").select(["id", "external_id", "status"]).where("provider", "=", "sendgrid").where("connection_id", "=", connectionId).execute();
const counts = async () => Object.fromEntries((await connectorPage(t.db, t.orgId, (await loadConnector("sendgrid"))!)).activity!.figures.map((f) => [f.label, f.value]));

const event = (email: string, kind: string, id: string) => ({ email, event: kind, timestamp: nowSec(), sg_event_id: id, sg_message_id: "fake-message.0" });

async function register(email: string) {
  const { event: ev, ticketType } = await makePublishedEvent(t.db, t.orgId);
  return registerFree(t.db, ev.slug, { name: "Guest", email, ticketTypeId: ticketType.id, quantity: 1 });
}

const mailsTo = async (email: string) => ((await sandbox.inbox()).sendgrid.emails as Array<{ to: Array<{ email: string }> }>).filter((m) => m.to.some((a) => a.email.toLowerCase() === email.toLowerCase()));

async function deliveryOf(orderId: string) {
  return waitFor(
    async () => {
      const d = await t.db
        .selectFrom("subscriber_deliveries")
        .innerJoin("domain_events", "domain_events.id", "subscriber_deliveries.domain_event_id")
        .select(["subscriber_deliveries.status", "subscriber_deliveries.attempts"])
        .where("domain_events.aggregate_id", "=", orderId)
        .where("subscriber", "like", `%${connectionId}`)
        .executeTakeFirst();
      return d?.status === "succeeded" && d;
    },
    { what: "the confirmation delivery to succeed", timeoutMs: 15_000 },
  );
}

beforeAll(async () => {
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey: API_KEY, eventWebhookKey: OUR_PUBLIC_KEY } });
  connectionId = (await findConnection(t.db, t.orgId, "sendgrid"))!.id;
  await updateSettings(t.db, t.orgId, "sendgrid", { fromEmail: "tickets@demo.example", fromName: "Demo Events", sendConfirmations: true });
});

describe("Event Webhook signature checks", () => {
  const body = JSON.stringify([event("checks@example.com", "delivered", "fake-check-1")]);

  it("refuses a forged signature (another key) with 400 and stores nothing", async () => {
    const forger = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    const res = await post(body, signed(body, { key: forger }));
    expect(res.status).toBe(400);
    expect(await storedBatches()).toEqual([]);
  });

  it("refuses a body altered after signing, a garbage signature and missing headers", async () => {
    const headers = signed(body);
    expect((await post(body.replace("delivered", "bounce"), headers)).status).toBe(400);
    expect((await post(body, { ...headers, "X-Twilio-Email-Event-Webhook-Signature": "Zm9yZ2Vk" })).status).toBe(400);
    expect((await post(body, {})).status).toBe(400);
    expect(await storedBatches()).toEqual([]);
  });

  it("refuses a correctly signed but stale batch (a replay) and one dated in the future", async () => {
    expect((await post(body, signed(body, { timestamp: nowSec() - 6 * 60 }))).status).toBe(400);
    expect((await post(body, signed(body, { timestamp: nowSec() + 6 * 60 }))).status).toBe(400);
    expect(await storedBatches()).toEqual([]);
  });

  it("refuses a batch for a connection that does not exist", async () => {
    const res = await fetch(`${app.url}/api/webhooks/sendgrid?connection=00000000-0000-4000-8000-000000000000`, { method: "POST", headers: { "content-type": "application/json", ...signed(body) }, body });
    expect(res.status).toBe(400);
  });

  it("stores a valid batch once when posted twice, and counts each event once across batches", async () => {
    const first = await post(body, signed(body));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    // SendGrid re-posts the same batch with a fresh signature.
    const again = await post(body, signed(body, { timestamp: nowSec() - 60 }));
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(await storedBatches()).toHaveLength(1);
    await waitFor(async () => (await storedBatches())[0]?.status === "processed", { what: "the batch to be processed" });

    // A second batch repeats the delivered event and adds an open: only the open is new.
    const second = JSON.stringify([event("checks@example.com", "delivered", "fake-check-1"), event("checks@example.com", "open", "fake-check-2")]);
    expect((await post(second, signed(second))).status).toBe(200);
    await waitFor(async () => (await storedBatches()).length === 2 && (await storedBatches()).every((b) => b.status === "processed"), { what: "both batches processed" });
    // Processing a stored batch again (a job retried after a crash) counts nothing twice.
    const connector = (await loadConnector("sendgrid"))!;
    const ctx = await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "sendgrid"))!);
    const stored = await t.db.selectFrom("webhook_events").select("payload").where("connection_id", "=", connectionId).execute();
    for (const b of stored) await connector.inbound!.process(b.payload, ctx);
    const c = await counts();
    expect(c.Delivered).toBe(1);
    expect(c.Opened).toBe(1);
    expect(await findSuppression(t.db, t.orgId, "checks@example.com")).toBeUndefined();
  });
});

describe("the sandbox's signed events", () => {
  beforeAll(async () => {
    // Connecting again with the key left empty: in sandbox mode the sandbox's key is filled in.
    await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey: API_KEY } });
    expect((await findConnection(t.db, t.orgId, "sendgrid"))!.id).toBe(connectionId);
  });

  it("connecting in sandbox mode points the sandbox's Event Webhook here and stores its key", async () => {
    const settings = await sandbox.control("sendgrid/event-webhook", undefined, "GET");
    expect(settings.urls).toContain(webhookUrl());
    const connector = (await loadConnector("sendgrid"))!;
    const ctx = await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "sendgrid"))!);
    expect((ctx.credentials as { eventWebhookKey: string }).eventWebhookKey).toBe(settings.publicKey);
  });

  it("delivered and opened events of a sent confirmation are counted on the connector page", async () => {
    const before = await counts();
    const { order } = await register("opener@example.com");
    await deliveryOf(order.id);
    await waitFor(async () => (await mailsTo("opener@example.com")).length === 1, { what: "the confirmation in the sandbox" });
    for (const kind of ["delivered", "open"]) {
      const r = await sandbox.control("sendgrid/events", { to: "opener@example.com", event: kind });
      expect(r.answered).toBe(200);
    }
    await waitFor(async () => {
      const c = await counts();
      return c.Delivered === (before.Delivered ?? 0) + 1 && c.Opened === (before.Opened ?? 0) + 1;
    }, { what: "the delivered and opened counts" });
    const posted = (await sandbox.inbox()).sendgrid.events as Array<{ events: Array<{ event: string }> }>;
    expect(posted.map((p) => p.events[0]!.event)).toEqual(expect.arrayContaining(["delivered", "open"]));
  });

  it("a bounce suppresses the address; the next confirmation, reminder and test e-mail to it are skipped, not failed", async () => {
    const email = "Bouncer@Example.com";
    const { order } = await register(email);
    await deliveryOf(order.id);
    await waitFor(async () => (await mailsTo(email)).length === 1, { what: "the first confirmation" });
    const r = await sandbox.control("sendgrid/events", { to: email, event: "bounce" });
    expect(r.answered).toBe(200);
    const s = await waitFor(() => findSuppression(t.db, t.orgId, "bouncer@example.com"), { what: "the suppression" });
    expect(s).toMatchObject({ email: "bouncer@example.com", eventType: "bounce" });
    expect(s.reason).toMatch(/^bounced/);

    // The next registration's confirmation: the delivery succeeds, nothing reaches SendGrid.
    const sendsBefore = (await sandbox.requests("sendgrid")).length;
    const next = await register("bouncer@example.com");
    const d = await deliveryOf(next.order.id);
    expect(d.attempts).toBe(1);
    expect(await mailsTo(email)).toHaveLength(1);

    // A reminder to the address, handled directly: skipped without a call.
    const connector = (await loadConnector("sendgrid"))!;
    const ctx = await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "sendgrid"))!);
    const reminder = {
      id: "00000000-0000-4000-8000-0000000000f1",
      type: "event.reminder",
      payload: {
        event: { id: "x", title: "Fake", startsAt: new Date().toISOString(), timeZone: "UTC", venue: "", url: "https://example.test/e" },
        attendee: { id: "00000000-0000-4000-8000-0000000000a1", name: "Bouncer", email: "BOUNCER@example.com", ticketTypeName: "General" },
        reminder: { offsetMinutes: 60 },
      },
    };
    await connector.handlers["event.reminder"]!(reminder as never, ctx);

    // The test e-mail tells the admin why it did not go.
    const answer = await sendTest(t.db, appKeyring(), t.orgId, "sendgrid", { email: "bouncer@example.com", name: null });
    expect(answer).toMatch(/Not sent: bouncer@example.com is suppressed \(bounced/);

    expect((await sandbox.requests("sendgrid")).length).toBe(sendsBefore);
    expect(await mailsTo(email)).toHaveLength(1);
    const c = await counts();
    expect(c.Bounced).toBeGreaterThanOrEqual(1);
    // The confirmation, the reminder and the test: each skip counted once.
    expect(c["Not sent (suppressed)"]).toBe(3);
  });
});
