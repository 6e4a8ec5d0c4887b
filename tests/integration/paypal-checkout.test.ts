// Paying with PayPal end to end against the sandbox: connecting creates the
// webhook; the buyer approves on PayPal's page and comes back through our return
// route, which captures; PayPal's verified callbacks through our real route and the
// worker's processing; cancel, eCheck denial, refunds, duplicates, forged and
// borrowed signatures, events in any order, an outage, and choosing PayPal when
// Stripe is connected too.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { addTicketType, createEvent, publishEvent } from "@/lib/domain/events/service";
import { cancelPendingOrder, releaseExpiredHolds } from "@/lib/domain/orders/settle";
import { readCredentials } from "@/lib/integrations/connections/credentials";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { PAYPAL_EVENTS } from "@/lib/integrations/paypal/webhooks";
import { startCheckout } from "@/lib/checkout/start";
import { availableGateways } from "@/lib/checkout/gateways";
import { requestRefund } from "@/lib/checkout/refunds";
import { startAppServer } from "../helpers/app-server";
import { eventFields, makeOrg, makePublishedEvent, makeUser } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
let app: Awaited<ReturnType<typeof startAppServer>>;
let callbacksDown = false;

/** Obviously fake credentials, shaped like PayPal's; each organization has its own PayPal app. */
const APP_A = { clientId: "paypal-sandbox-client-fake", clientSecret: "paypal-sandbox-secret-fake" };
const APP_B = { clientId: "paypal-sandbox-client-orgb", clientSecret: "paypal-sandbox-secret-orgb" };
const orgB = { id: "", userId: "" };

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { POST } = await import("@/app/api/webhooks/[provider]/route");
  const { GET } = await import("@/app/e/[slug]/orders/[orderId]/return/route");
  // While `callbacksDown`, our route answers 503, as during a deploy: PayPal's deliveries fail and are resent later in any order.
  const webhooks: Handler = (req, ctx) => (callbacksDown ? Promise.resolve(new Response("unavailable", { status: 503 })) : (POST as unknown as Handler)(req, ctx));
  app = await startAppServer([
    { pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: webhooks },
    { pattern: /^\/e\/(?<slug>[^/]+)\/orders\/(?<orderId>[^/]+)\/return$/, handler: GET as unknown as Handler },
  ]);
  process.env.APP_URL = app.url;
  const b = await makeOrg(t.db, "Org B");
  orgB.id = b.id;
  orgB.userId = (await makeUser(t.db, b.id, "owner")).id;
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

const connect = (fields: Record<string, string>, org = { id: t.orgId, userId: owner.userId }, connectorId = "paypal") =>
  connectWithApiKey(t.db, appKeyring(), { orgId: org.id, userId: org.userId, connectorId, mode: "sandbox", fields });

const buyer = () => ({ name: "Pia Payer", email: "pia@example.com", attempt: randomUUID() });

async function order(id: string) {
  return t.db.selectFrom("orders").select(["status", "refunded_minor", "payment_intent_id", "checkout_id", "disputed_at", "payment_provider"]).where("id", "=", id).executeTakeFirstOrThrow();
}

async function until(id: string, check: (o: Awaited<ReturnType<typeof order>>) => boolean, what: string) {
  return waitFor(async () => {
    const o = await order(id);
    return check(o) ? o : undefined;
  }, { what, timeoutMs: 20_000 }).catch(async (err) => {
    console.error(JSON.stringify(await t.db.selectFrom("webhook_events").select(["type", "status", "outcome", "error"]).orderBy("received_at").execute(), null, 1));
    throw err;
  });
}

const untilStatus = (id: string, status: string) => until(id, (o) => o.status === status, `order ${status}`);

/** The buyer clicks on PayPal's approval page; answers where the browser is sent next. */
async function onPayPal(url: string, action: "approve" | "cancel", funding: "balance" | "echeck" = "balance"): Promise<string> {
  const res = await fetch(url, { method: "POST", body: new URLSearchParams({ action, funding }), redirect: "manual" });
  expect(res.status).toBe(303);
  return res.headers.get("location")!;
}

/** The browser follows PayPal's redirect to our return route. */
async function comeBack(location: string): Promise<Response> {
  return fetch(location, { redirect: "manual" });
}

async function facts(orderId: string) {
  return (await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", orderId).orderBy("occurred_at").execute()).map((f) => f.type);
}

async function receivedFor(type: string, pred: (payload: any) => boolean) {
  const rows = await t.db.selectFrom("webhook_events").selectAll().where("provider", "=", "paypal").where("type", "=", type).execute();
  return rows.filter((r) => pred(r.payload));
}

async function paypalEvents(type: string): Promise<Array<{ id: string; resource: any }>> {
  return (await sandbox.control(`paypal/events?type=${type}`, undefined, "GET")).events;
}

/** A paid PayPal order of org A: bought, approved and back through the return route. */
async function paidOrder(opts: { quantity?: number; price?: string } = {}) {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: opts.price ?? "25" });
  const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: opts.quantity ?? 1 }] });
  expect((await comeBack(await onPayPal(url, "approve"))).status).toBe(303);
  const paid = await untilStatus(orderId, "paid");
  return { event, ticketType, orderId, captureId: paid.payment_intent_id!, paypalOrderId: paid.checkout_id! };
}

describe("PayPal", () => {
  it("names the field of a malformed credential, and the secret PayPal refuses", async () => {
    const malformed = await connect({ clientId: "short", clientSecret: APP_A.clientSecret }).catch((e) => e);
    expect(malformed).toBeInstanceOf(ValidationError);
    expect((malformed as ValidationError).fieldErrors.clientId?.[0]).toContain("client ID");
    const same = await connect({ clientId: APP_A.clientId, clientSecret: APP_A.clientId }).catch((e) => e);
    expect((same as ValidationError).fieldErrors.clientSecret?.[0]).toContain("client ID again");
    const refused = await connect({ clientId: APP_A.clientId, clientSecret: "paypal-sandbox-secret-invalid" }).catch((e) => e);
    expect((refused as ValidationError).fieldErrors.clientSecret?.[0]).toMatch(/^PayPal refused this Secret: PayPal: invalid_client/);
    expect((await findConnection(t.db, t.orgId, "paypal"))?.credentials_sealed ?? null).toBeNull();
  });

  it("connects in sandbox mode, creates its webhook and keeps the webhook id sealed; a reconnect reuses it", async () => {
    const tested = await connect(APP_A);
    expect(tested.detail).toMatch(/^Sandbox mode: connected to PayPal app APP-[0-9A-Z]{17} \(access tokens last 9 hours\)\.$/);
    const row = (await findConnection(t.db, t.orgId, "paypal"))!;
    const creds = await readCredentials<{ webhookId: string; clientSecret: string }>(t.db, appKeyring(), row, "PayPal");
    expect(creds.webhookId).toMatch(/^[0-9A-Z]{17}$/);
    expect(row.credentials_sealed).not.toContain(creds.clientSecret);
    expect(row.credentials_hint).toBe("••••fake");
    const webhooks = (await sandbox.inbox()).paypal.webhooks as Array<{ id: string; url: string; eventTypes: string[] }>;
    expect(webhooks).toEqual([{ id: creds.webhookId, app: APP_A.clientId, url: `${app.url}/api/webhooks/paypal?connection=${row.id}`, eventTypes: [...PAYPAL_EVENTS] }]);

    await connect(APP_A);
    const again = await readCredentials<{ webhookId: string }>(t.db, appKeyring(), (await findConnection(t.db, t.orgId, "paypal"))!, "PayPal");
    expect(again.webhookId).toBe(creds.webhookId);
    expect((await sandbox.inbox()).paypal.webhooks).toHaveLength(1);
  });

  it("sells tickets: approved on PayPal, captured once on return, paid, ticket.purchased told", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 10 });
    const input = { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] };
    const first = await startCheckout(t.db, event.slug, input);
    expect(await startCheckout(t.db, event.slug, input)).toEqual(first);
    expect(first.url).toMatch(new RegExp(`^${sandbox.url}/paypal/checkoutnow\\?token=[0-9A-Z]{17}$`));
    const paypalOrder = (await sandbox.inbox()).paypal.orders.find((o: { customId: string }) => o.customId === first.orderId);
    expect(paypalOrder).toMatchObject({ status: "PAYER_ACTION_REQUIRED", amount: "50.00", currency: "EUR", items: [{ name: "Test Conference: General", quantity: 2, unitAmount: "25.00" }] });

    const location = await onPayPal(first.url, "approve");
    const back = new URL(location);
    expect(`${back.origin}${back.pathname}`).toBe(`${app.url}/e/${event.slug}/orders/${first.orderId}/return`);
    expect(back.searchParams.get("token")).toBe(paypalOrder.id);
    const returned = await comeBack(location);
    expect(returned.status).toBe(303);
    expect(returned.headers.get("location")).toBe(`${app.url}/e/${event.slug}/orders/${first.orderId}`);
    // Captured while the buyer waited: paid before any callback is needed.
    const paid = await order(first.orderId);
    expect(paid).toMatchObject({ status: "paid", checkout_id: paypalOrder.id, payment_intent_id: expect.stringMatching(/^[0-9A-Z]{17}$/) });
    expect(await facts(first.orderId)).toEqual(["ticket.purchased"]);

    // The approval callback captures with the same PayPal-Request-Id: one capture between them.
    const approved = await waitFor(async () => (await receivedFor("CHECKOUT.ORDER.APPROVED", (p) => p.resource.id === paypalOrder.id)).find((r) => r.status === "processed"), { what: "the approval callback" });
    // Usually the return wins; if the callback did, the return found the order paid. Either way, one capture.
    expect(approved.outcome).toMatch(/^order (already paid|paid; tickets issued)$/);
    await waitFor(async () => (await receivedFor("PAYMENT.CAPTURE.COMPLETED", (p) => p.resource.id === paid.payment_intent_id)).find((r) => r.status === "processed"), { what: "the capture callback" });
    const captures = (await sandbox.inbox()).paypal.orders.filter((o: { customId: string; capture: unknown }) => o.customId === first.orderId && o.capture);
    expect(captures).toHaveLength(1);
    expect(await facts(first.orderId)).toEqual(["ticket.purchased"]);
    const stored = (await receivedFor("PAYMENT.CAPTURE.COMPLETED", (p) => p.resource.id === paid.payment_intent_id))[0]!;
    expect(stored.headers).toMatchObject({ "paypal-transmission-id": expect.any(String), "paypal-transmission-sig": expect.any(String), "paypal-auth-algo": "SHA256withRSA" });
  });

  it("captures from PayPal's approval callback when the buyer never comes back", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    await onPayPal(url, "approve");
    const paid = await untilStatus(orderId, "paid");
    expect(paid.payment_intent_id).toMatch(/^[0-9A-Z]{17}$/);
    expect(await facts(orderId)).toEqual(["ticket.purchased"]);
  });

  it("keeps a cancelled checkout's places until the hold expires, and never captures an approval that comes after", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 1 });
    const one = { items: [{ ticketTypeId: ticketType.id, quantity: 1 }] };
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), ...one });
    const location = await onPayPal(url, "cancel");
    expect(location).toMatch(new RegExp(`^${app.url}/e/${event.slug}\\?checkout=cancelled&token=[0-9A-Z]{17}$`));
    // PayPal says nothing about a cancel: the place stays held until the hold runs out.
    expect((await order(orderId)).status).toBe("pending");
    await expect(startCheckout(t.db, event.slug, { ...buyer(), ...one })).rejects.toThrow("Sold out");
    expect(await releaseExpiredHolds(t.db, new Date(Date.now() + 40 * 60_000))).toBeGreaterThanOrEqual(1);
    expect((await order(orderId)).status).toBe("cancelled");

    // The buyer approves in the old tab after all: neither the return nor the callback charges them.
    const late = await onPayPal(url, "approve");
    expect((await comeBack(late)).status).toBe(303);
    const callback = await waitFor(async () => (await receivedFor("CHECKOUT.ORDER.APPROVED", (p) => p.resource.purchase_units[0].custom_id === orderId)).find((r) => r.status === "processed"), { what: "the late approval" });
    expect(callback.outcome).toBe("approved after the order was cancelled; not captured, nothing was charged");
    const paypalOrder = (await sandbox.inbox()).paypal.orders.find((o: { customId: string }) => o.customId === orderId);
    expect(paypalOrder).toMatchObject({ status: "APPROVED", capture: null });
    await startCheckout(t.db, event.slug, { ...buyer(), ...one });
  });

  it("waits for an eCheck to clear, and releases the places when PayPal denies it", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 2 });
    const one = () => ({ ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    const cleared = await startCheckout(t.db, event.slug, one());
    const bounced = await startCheckout(t.db, event.slug, one());
    for (const c of [cleared, bounced]) await comeBack(await onPayPal(c.url, "approve", "echeck"));
    for (const c of [cleared, bounced]) expect(await order(c.orderId)).toMatchObject({ status: "pending", payment_intent_id: expect.stringMatching(/^[0-9A-Z]{17}$/) });
    await expect(startCheckout(t.db, event.slug, one())).rejects.toThrow("Sold out");

    await sandbox.control("paypal/settle", { capture: (await order(cleared.orderId)).payment_intent_id, outcome: "completed" });
    await sandbox.control("paypal/settle", { capture: (await order(bounced.orderId)).payment_intent_id, outcome: "denied" });
    await untilStatus(cleared.orderId, "paid");
    await untilStatus(bounced.orderId, "cancelled");
    // Whichever of its callbacks is processed first after the denial (the late approval's or the denial's) releases the places, once.
    const outcomes = await waitFor(async () => {
      const rows = await t.db.selectFrom("webhook_events").select(["status", "outcome", "payload"]).where("provider", "=", "paypal").execute();
      const mine = rows.filter((r) => JSON.stringify(r.payload).includes(bounced.orderId));
      return mine.some((r) => r.outcome?.startsWith("PayPal denied")) && mine.every((r) => r.status !== "received") ? mine.map((r) => r.outcome) : undefined;
    }, { what: "the denial processed" });
    expect(outcomes.filter((o) => o === "PayPal denied the payment; held places released")).toHaveLength(1);
    expect(await facts(bounced.orderId)).toEqual([]);
    await startCheckout(t.db, event.slug, one());
  });

  it("refunds an eCheck that cleared after its places were sold once, through a claim, however often its callback comes", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 1 });
    const one = () => ({ ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    const { url, orderId } = await startCheckout(t.db, event.slug, one());
    await comeBack(await onPayPal(url, "approve", "echeck"));
    const captureId = (await order(orderId)).payment_intent_id!;
    // The hold runs out and the place goes to someone else before the eCheck clears.
    await cancelPendingOrder(t.db, orderId);
    await startCheckout(t.db, event.slug, one());
    await sandbox.control("paypal/settle", { capture: captureId, outcome: "completed" });
    const claims = () => t.db.selectFrom("refund_requests").select(["scope", "status", "amount_minor"]).where("order_id", "=", orderId).execute();
    await waitFor(async () => ((await claims()).some((c) => c.status === "requested") ? true : undefined), { what: "the late payment's refund", timeoutMs: 20_000 });

    const completed = (await paypalEvents("PAYMENT.CAPTURE.COMPLETED")).find((e) => e.resource.id === captureId)!;
    await sandbox.control("paypal/resend", { event: completed.id, times: 3 });
    await waitFor(async () => {
      const rows = await t.db.selectFrom("webhook_events").select("status").where("provider", "=", "paypal").execute();
      return rows.every((r) => r.status === "processed" || r.status === "ignored") ? true : undefined;
    }, { what: "every callback processed", timeoutMs: 20_000 });

    expect(await claims()).toEqual([{ scope: "order", status: "requested", amount_minor: 2500 }]);
    const refunds = (await sandbox.inbox()).paypal.refunds.filter((r: { capture: string }) => r.capture === captureId);
    expect(refunds).toHaveLength(1);
    expect((await order(orderId)).status).toBe("cancelled");
    expect((await requestRefund(t.db, t.orgId, orderId)).alreadyRequested).toMatch(/already requested/);
  });

  it("stores a callback once however often PayPal sends it", async () => {
    const { captureId } = await paidOrder();
    const completed = await waitFor(async () => (await paypalEvents("PAYMENT.CAPTURE.COMPLETED")).find((e) => e.resource.id === captureId), { what: "the capture event" });
    await waitFor(async () => (await t.db.selectFrom("webhook_events").select("id").where("external_id", "=", completed.id).execute()).length === 1, { what: "the first delivery" });
    const resent = await sandbox.control("paypal/resend", { event: completed.id, times: 20 });
    expect(resent.statuses).toEqual(Array(20).fill(200));
    const copies = await t.db.selectFrom("webhook_events").select("id").where("external_id", "=", completed.id).execute();
    expect(copies).toHaveLength(1);
  });

  it("refuses a forged transmission signature, or a callback without PayPal's headers, with 400 and stores nothing", async () => {
    const { captureId, paypalOrderId } = await paidOrder();
    const completed = await waitFor(async () => (await paypalEvents("PAYMENT.CAPTURE.COMPLETED")).find((e) => e.resource.id === captureId), { what: "the capture event" });
    const approval = (await paypalEvents("CHECKOUT.ORDER.APPROVED")).find((e) => e.resource.id === paypalOrderId)!;
    // Both of this order's callbacks stored first, so the count below moves only for what this test sends.
    await waitFor(async () => (await t.db.selectFrom("webhook_events").select("id").where("external_id", "in", [completed.id, approval.id]).execute()).length === 2, { what: "the order's callbacks" });
    const before = (await t.db.selectFrom("webhook_events").select("id").execute()).length;
    // Deliveries of a new event id carry the real signature; a forged one of the same event must not pass either.
    expect((await sandbox.control("paypal/resend", { event: completed.id, signature: "forged" })).statuses).toEqual([400]);
    const row = (await findConnection(t.db, t.orgId, "paypal"))!;
    const unsigned = await fetch(`${app.url}/api/webhooks/paypal?connection=${row.id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "WH-FAKE", event_type: "PAYMENT.CAPTURE.COMPLETED", resource: {} }) });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toEqual({ error: "Signature verification failed" });
    expect((await t.db.selectFrom("webhook_events").select("id").execute()).length).toBe(before);
  });

  it("refuses a callback signed for another organization's webhook with 400", async () => {
    await connect(APP_B, { id: orgB.id, userId: orgB.userId });
    const rowA = (await findConnection(t.db, t.orgId, "paypal"))!;
    const credsA = await readCredentials<{ webhookId: string }>(t.db, appKeyring(), rowA, "PayPal");
    const credsB = await readCredentials<{ webhookId: string }>(t.db, appKeyring(), (await findConnection(t.db, orgB.id, "paypal"))!, "PayPal");
    const { event, ticketType } = await makePublishedEvent(t.db, orgB.id, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    await comeBack(await onPayPal(url, "approve"));
    const paid = await untilStatus(orderId, "paid");
    const storedB = await waitFor(async () => (await receivedFor("PAYMENT.CAPTURE.COMPLETED", (p) => p.resource.id === paid.payment_intent_id))[0], { what: "org B's capture callback" });

    // Replayed as received, headers and all, to organization A's URL.
    const replay = await fetch(`${app.url}/api/webhooks/paypal?connection=${rowA.id}`, { method: "POST", headers: { ...(storedB.headers as Record<string, string>), "content-type": "application/json" }, body: JSON.stringify(storedB.payload) });
    expect(replay.status).toBe(400);
    // Signed by PayPal, but for B's webhook, and delivered to A's.
    const borrowed = await sandbox.control("paypal/resend", { event: storedB.external_id, webhook: credsA.webhookId, signature: "other-webhook", signAs: credsB.webhookId });
    expect(borrowed.statuses).toEqual([400]);
    const rows = await t.db.selectFrom("webhook_events").select(["org_id"]).where("external_id", "=", storedB.external_id).execute();
    expect(rows).toEqual([{ org_id: orgB.id }]);
  });

  it("refunds one ticket, then the rest from PayPal's dashboard; an old capture callback cannot undo it", async () => {
    const { orderId, captureId } = await paidOrder({ quantity: 2 });
    const [first] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).orderBy("id").execute();
    expect(await requestRefund(t.db, t.orgId, orderId, first!.id)).toEqual({ amountMinor: 2500, provider: "PayPal" });
    await until(orderId, (o) => o.refunded_minor === 2500, "the ticket's refund");
    const statuses = await t.db.selectFrom("attendees").select(["id", "status"]).where("order_id", "=", orderId).execute();
    expect(statuses.find((a) => a.id === first!.id)!.status).toBe("refunded");
    expect(statuses.filter((a) => a.status === "paid")).toHaveLength(1);
    const refunds = (await sandbox.inbox()).paypal.refunds.filter((r: { capture: string }) => r.capture === captureId);
    expect(refunds).toEqual([expect.objectContaining({ amount: "25.00", currency: "EUR", customId: first!.id, via: "api" })]);

    await sandbox.control("paypal/dashboard-refund", { capture: captureId, amount: "25.00" });
    await untilStatus(orderId, "refunded");
    expect(await facts(orderId)).toEqual(["ticket.purchased", "ticket.refunded", "ticket.refunded"]);

    const completed = (await paypalEvents("PAYMENT.CAPTURE.COMPLETED")).find((e) => e.resource.id === captureId)!;
    await sandbox.control("paypal/resend", { event: completed.id, times: 5 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await order(orderId)).toMatchObject({ status: "refunded", refunded_minor: 5000 });
  });

  it("pays a ticket's refund once: asked again while the first is on its way and another refund has landed, at once, and after its callback", async () => {
    const { orderId, captureId } = await paidOrder({ quantity: 2 });
    const [a, b] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).orderBy("id").execute();
    const refundsOf = async (attendeeId: string) => (await sandbox.inbox()).paypal.refunds.filter((r: { capture: string; customId: string | null }) => r.capture === captureId && r.customId === attendeeId);

    // The first request for A is held up on its way to PayPal...
    await sandbox.control("faults", { provider: "paypal", match: `/captures/${captureId}/refund`, kind: "latency", latencyMs: 4000, times: 1 });
    const firstA = requestRefund(t.db, t.orgId, orderId, a!.id);
    await waitFor(async () => ((await sandbox.control("faults", undefined, "GET")).faults.length === 0 ? true : undefined), { what: "the first refund at PayPal" });
    // ...while B's refund is made and its callback changes the order's refunded total.
    expect(await requestRefund(t.db, t.orgId, orderId, b!.id)).toEqual({ amountMinor: 2500, provider: "PayPal" });
    await until(orderId, (o) => o.refunded_minor === 2500, "B's refund applied");
    expect((await requestRefund(t.db, t.orgId, orderId, a!.id)).alreadyRequested).toMatch(/^A refund for this ticket was already requested/);
    expect(await firstA).toEqual({ amountMinor: 2500, provider: "PayPal" });
    await untilStatus(orderId, "refunded");

    const twice = await Promise.all([requestRefund(t.db, t.orgId, orderId, a!.id), requestRefund(t.db, t.orgId, orderId, a!.id)]);
    expect(twice.every((r) => /already requested/.test(r.alreadyRequested ?? ""))).toBe(true);
    expect(await refundsOf(a!.id)).toHaveLength(1);
    expect(await refundsOf(b!.id)).toHaveLength(1);
    expect((await order(orderId)).refunded_minor).toBe(5000);
  });

  it("never settles an order with a PayPal order its checkout did not open: the validly signed capture is recorded as a mismatch", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] });
    // Someone with the organization's PayPal app opens a PayPal order of 1.00 that names our order, approves and captures it.
    const basic = Buffer.from(`${APP_A.clientId}:${APP_A.clientSecret}`).toString("base64");
    const token = (await (await fetch(`${sandbox.url}/paypal/v1/oauth2/token`, { method: "POST", headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" })).json()).access_token;
    const api = async (path: string, body: unknown) =>
      (await fetch(`${sandbox.url}/paypal/v2/checkout/orders${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Prefer: "return=representation", "PayPal-Request-Id": randomUUID() }, body: JSON.stringify(body) })).json();
    const forged = await api("", {
      intent: "CAPTURE",
      purchase_units: [{ custom_id: orderId, invoice_id: randomUUID(), amount: { currency_code: "EUR", value: "1.00" } }],
      payment_source: { paypal: { experience_context: { return_url: "https://elsewhere.example/ok", cancel_url: "https://elsewhere.example/cancel" } } },
    });
    const approve = (forged.links as Array<{ rel: string; href: string }>).find((l) => l.rel === "payer-action" || l.rel === "approve")!.href;
    await onPayPal(approve, "approve");
    const captured = await api(`/${forged.id}/capture`, {});
    const captureId = captured.purchase_units[0].payments.captures[0].id as string;

    const row = await waitFor(async () => {
      const rows = await receivedFor("PAYMENT.CAPTURE.COMPLETED", (p) => p.resource?.id === captureId);
      return rows[0] && rows[0].status !== "received" ? rows[0] : undefined;
    }, { what: "the forged capture's callback processed", timeoutMs: 20_000 });
    const ours = (await order(orderId)).checkout_id!;
    expect(row.outcome).toBe(`Payment not accepted: it was made on checkout ${forged.id}, not on the order's checkout ${ours}; it was for €1.00, but the order is for €50.00. The order was not settled.`);
    const after = await t.db.selectFrom("orders").select(["status", "payment_mismatch", "payment_intent_id"]).where("id", "=", orderId).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: "pending", payment_mismatch: expect.stringContaining(`made on checkout ${forged.id}`), payment_intent_id: null });
    expect(await facts(orderId)).toEqual([]);

    // The order's own PayPal order still pays it.
    expect((await comeBack(await onPayPal(url, "approve"))).status).toBe(303);
    await untilStatus(orderId, "paid");
  });

  it("refunds a whole order in one go", async () => {
    const { orderId, captureId } = await paidOrder({ quantity: 3, price: "12.50" });
    expect(await requestRefund(t.db, t.orgId, orderId)).toEqual({ amountMinor: 3750, provider: "PayPal" });
    await untilStatus(orderId, "refunded");
    const attendees = await t.db.selectFrom("attendees").select("status").where("order_id", "=", orderId).execute();
    expect(attendees.map((a) => a.status)).toEqual(["refunded", "refunded", "refunded"]);
    expect((await sandbox.inbox()).paypal.refunds.filter((r: { capture: string }) => r.capture === captureId)).toEqual([expect.objectContaining({ amount: "37.50", customId: null })]);
    expect(await facts(orderId)).toEqual(["ticket.purchased", "ticket.refunded"]);
  });

  it("ends right whatever order the callbacks arrive in: refunds before the payment, newest first", async () => {
    callbacksDown = true;
    let orderId: string;
    let captureId: string;
    try {
      const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
      const started = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] });
      orderId = started.orderId;
      await onPayPal(started.url, "approve");
      // Captured in PayPal by the app's own PayPal app, as a lost earlier attempt of ours would have; then refunded twice.
      const basic = Buffer.from(`${APP_A.clientId}:${APP_A.clientSecret}`).toString("base64");
      const token = (await (await fetch(`${sandbox.url}/paypal/v1/oauth2/token`, { method: "POST", headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" })).json()).access_token;
      const paypalOrderId = (await order(orderId)).checkout_id!;
      const captured = await (await fetch(`${sandbox.url}/paypal/v2/checkout/orders/${paypalOrderId}/capture`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Prefer: "return=representation", "PayPal-Request-Id": `capture-${orderId}` }, body: "{}" })).json();
      captureId = captured.purchase_units[0].payments.captures[0].id;
      await sandbox.control("paypal/dashboard-refund", { capture: captureId, amount: "10.00" });
      await sandbox.control("paypal/dashboard-refund", { capture: captureId, amount: "40.00" });
      expect((await order(orderId)).status).toBe("pending");
      // Let the sandbox's own three tries of each delivery run out first.
      await new Promise((r) => setTimeout(r, 2500));
    } finally {
      callbacksDown = false;
    }
    const all = await sandbox.control("paypal/deliveries", undefined, "GET");
    const failed = (all.deliveries as Array<{ eventId: string; eventType: string; status: number }>).filter((d) => d.status === 503);
    const eventsOf = (refunds: boolean) => [...new Set(failed.filter((d) => (d.eventType === "PAYMENT.CAPTURE.REFUNDED") === refunds).map((d) => d.eventId))];
    // The worker runs callbacks concurrently, so "refunds first" is made certain, not hoped
    // for: both refunds (newest first) are processed before the payment's callbacks are resent.
    const refundEvents = eventsOf(true);
    expect(refundEvents).toHaveLength(2);
    for (const id of [...refundEvents].reverse()) await sandbox.control("paypal/resend", { event: id });
    const outcomes = await waitFor(async () => {
      const rows = await t.db.selectFrom("webhook_events").select(["status", "outcome"]).where("external_id", "in", refundEvents).execute();
      return rows.length === 2 && rows.every((r) => r.status === "processed") ? rows.map((r) => r.outcome) : undefined;
    }, { what: "both refund callbacks processed" });
    // The refund callbacks alone, before any of the payment's, settled the payment and then
    // the refunds: exactly one of them applied the refund (the two run at once, so which one
    // settled the payment and which applied the refund is theirs to decide), and the order is refunded.
    expect(outcomes.filter((o) => /^(order paid; )?refund applied \(5000 refunded in total\)$/.test(o ?? "")), JSON.stringify(outcomes)).toHaveLength(1);
    expect(await order(orderId!)).toMatchObject({ status: "refunded", refunded_minor: 5000 });
    expect(await facts(orderId!)).toEqual(["ticket.purchased", "ticket.refunded"]);
    for (const id of eventsOf(false).reverse()) await sandbox.control("paypal/resend", { event: id });
    const done = await untilStatus(orderId!, "refunded");
    expect(done).toMatchObject({ refunded_minor: 5000, payment_intent_id: captureId! });
    await waitFor(async () => {
      const rows = await t.db.selectFrom("webhook_events").select(["status", "payload"]).execute();
      const mine = rows.filter((r) => JSON.stringify(r.payload).includes(captureId!) || JSON.stringify(r.payload).includes(orderId!));
      return mine.length >= 4 && mine.every((r) => r.status === "processed") ? true : undefined;
    }, { what: "every resent callback processed" });
    expect(await facts(orderId!)).toEqual(["ticket.purchased", "ticket.refunded"]);
  });

  it("retries processing through a PayPal outage without losing the payment", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    await sandbox.control("faults", { provider: "paypal", match: "/v2/checkout/orders/", kind: "status", status: 503, times: 0 });
    let failed;
    try {
      // The buyer comes back during the outage: the page says "being confirmed", nothing is lost.
      expect((await comeBack(await onPayPal(url, "approve"))).status).toBe(303);
      expect((await order(orderId)).status).toBe("pending");
      failed = await waitFor(async () => (await receivedFor("CHECKOUT.ORDER.APPROVED", (p) => p.resource.purchase_units[0].custom_id === orderId)).find((r) => r.status === "failed"), { what: "the failed processing", timeoutMs: 20_000 });
      expect(failed.error).toContain("orders.get");
    } finally {
      await sandbox.control("faults", undefined, "DELETE");
    }
    // graphile-worker's backoff would retry in seconds; bring the retry forward.
    await sql`update graphile_worker._private_jobs set run_at = now() where attempts > 0`.execute(t.db);
    const retried = await waitFor(async () => {
      const r = await t.db.selectFrom("webhook_events").select(["status", "attempts", "outcome"]).where("id", "=", failed.id).executeTakeFirstOrThrow();
      return r.status === "processed" ? r : undefined;
    }, { what: "the retried processing", timeoutMs: 20_000 });
    expect(retried.attempts).toBeGreaterThanOrEqual(2);
    expect(retried.outcome).toMatch(/^order (paid; tickets issued|already paid)$/);
    await untilStatus(orderId, "paid");
    expect(await facts(orderId)).toEqual(["ticket.purchased"]);
  });

  it("flags a disputed order", async () => {
    const { orderId, captureId } = await paidOrder();
    await sandbox.control("paypal/dispute", { capture: captureId });
    const disputed = await until(orderId, (o) => o.disputed_at !== null, "the dispute");
    expect(disputed.status).toBe("paid");
  });

  it("charges whole yen: a zero-decimal currency goes to PayPal without decimals", async () => {
    const created = await createEvent(t.db, t.orgId, eventFields);
    const ticket = await addTicketType(t.db, t.orgId, created.id, { name: "General", price: "1500", currency: "JPY", quantity: 10 });
    const event = await publishEvent(t.db, t.orgId, created.id);
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticket.id, quantity: 2 }] });
    expect((await sandbox.inbox()).paypal.orders.find((o: { customId: string }) => o.customId === orderId)).toMatchObject({ amount: "3000", currency: "JPY" });
    await comeBack(await onPayPal(url, "approve"));
    await untilStatus(orderId, "paid");
    const [first] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).execute();
    expect(await requestRefund(t.db, t.orgId, orderId, first!.id)).toMatchObject({ amountMinor: 1500 });
    await until(orderId, (o) => o.refunded_minor === 1500, "the yen refund");
  });

  it("lets the attendee choose PayPal when the organizer has Stripe connected too", async () => {
    await connect({ secretKey: "sk_test_switchboardorgb1", publishableKey: "pk_test_switchboardorgb1" }, { id: orgB.id, userId: orgB.userId }, "stripe");
    const offered = await availableGateways(t.db, orgB.id);
    expect(offered.map((g) => [g.id, g.label])).toEqual([
      ["stripe", "Card (Stripe)"],
      ["paypal", "PayPal"],
    ]);
    const { event, ticketType } = await makePublishedEvent(t.db, orgB.id, { price: "25" });
    const items = [{ ticketTypeId: ticketType.id, quantity: 1 }];
    const unchosen = await startCheckout(t.db, event.slug, { ...buyer(), items }).catch((e) => e);
    expect((unchosen as ValidationError).fieldErrors.gateway).toEqual(["Choose how you want to pay"]);
    const byCard = await startCheckout(t.db, event.slug, { ...buyer(), items, gateway: "stripe" });
    expect(byCard.url).toContain("/checkout/pay/");
    const byPayPal = await startCheckout(t.db, event.slug, { ...buyer(), items, gateway: "paypal" });
    expect(byPayPal.url).toContain("/paypal/checkoutnow?token=");
    await comeBack(await onPayPal(byPayPal.url, "approve"));
    expect(await untilStatus(byPayPal.orderId, "paid")).toMatchObject({ payment_provider: "paypal" });
    expect((await order(byCard.orderId)).status).toBe("pending");
  });

  it("reuses one access token per connection, and replaces one PayPal expired early without failing a call", async () => {
    const tokenRequests = async () => (await sandbox.requests("paypal")).filter((r: { path: string }) => r.path === "/paypal/v1/oauth2/token").length;
    const before = await tokenRequests();
    await paidOrder();
    expect(await tokenRequests()).toBe(before);

    // Nine hours pass at PayPal (last in this file: the sandbox clock stays moved): every token this process holds is refused as expired.
    await sandbox.control("clock", { advanceSeconds: 32_400 });
    const { orderId } = await paidOrder();
    expect(await tokenRequests()).toBeGreaterThan(before);
    expect(await facts(orderId)).toEqual(["ticket.purchased"]);
    const row = (await findConnection(t.db, t.orgId, "paypal"))!;
    expect(row.status).toBe("connected");
    const refusals = await t.db.selectFrom("integration_calls").select("error").where("connection_id", "=", row.id).where("outcome", "!=", "success").execute();
    expect(refusals.filter((r) => /invalid_token|AUTHENTICATION/.test(r.error ?? ""))).toEqual([]);
  });
});
