// Paying for tickets through Payrexx end to end against the sandbox: connecting sets
// the instance's webhook URL (with its token), the hosted page pays or declines,
// Payrexx's unsigned webhooks come through our real route, the worker settles orders
// from what Payrexx's API says; refunds, duplicates, late and out-of-order webhooks,
// forged and foreign callbacks, a return before the webhook, and an API outage.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connector as payrexxConnector } from "@/lib/integrations/payrexx/connector";
import type { PayrexxContext } from "@/lib/integrations/payrexx/manifest";
import { webhookToken } from "@/lib/integrations/payrexx/webhook";
import { createGateway, retrieveGateway } from "@/lib/integrations/payrexx/client";
import { paidTransactionOf } from "@/lib/integrations/payrexx/objects";
import { startCheckout } from "@/lib/checkout/start";
import { requestRefund } from "@/lib/checkout/refunds";
import { cancelPendingOrder } from "@/lib/domain/orders/settle";
import { completeReturn } from "@/lib/checkout/return";
import { startAppServer } from "../helpers/app-server";
import { makeOrg, makePublishedEvent, makeUser } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
let app: Awaited<ReturnType<typeof startAppServer>>;
const DEMO = { instance: "switchboard-demo", apiSecret: "payrexx-sandbox-secret-fake" };
const OTHER = { instance: "other-events", apiSecret: "payrexx-other-secret-fake" };
let connectionId = "";
let orgB = { id: "", connectionId: "" };

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { POST } = await import("@/app/api/webhooks/[provider]/route");
  const { GET } = await import("@/app/e/[slug]/orders/[orderId]/return/route");
  app = await startAppServer([
    { pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: POST as never },
    { pattern: /^\/e\/(?<slug>[^/]+)\/orders\/(?<orderId>[^/]+)\/return$/, handler: GET as never },
  ]);
  process.env.APP_URL = app.url;
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

const connect = (fields: Record<string, string>, orgId = t.orgId, userId = owner.userId) =>
  connectWithApiKey(t.db, appKeyring(), { orgId, userId, connectorId: "payrexx", mode: "sandbox", fields });

const buyer = () => ({ name: "Pia Payer", email: "pia@example.com", attempt: randomUUID() });

async function pay(link: string, card: string, action = "pay"): Promise<Response> {
  const form = new URLSearchParams({ email: "pia@example.com", name: "Pia Payer", card_number: card, expiry: "12/34", cvc: "123", action });
  return fetch(link, { method: "POST", body: form, redirect: "manual" });
}

const order = (id: string) => t.db.selectFrom("orders").select(["status", "refunded_minor", "payment_intent_id", "checkout_id", "disputed_at"]).where("id", "=", id).executeTakeFirstOrThrow();
const until = (id: string, status: string) => waitFor(async () => ((await order(id)).status === status ? true : undefined), { what: `order ${status}`, timeoutMs: 20_000 });
const facts = async (id: string) => (await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", id).orderBy("occurred_at").execute()).map((f) => f.type);
const rowsFor = (txId: string) => t.db.selectFrom("webhook_events").selectAll().where("provider", "=", "payrexx").where("external_id", "like", `%:${txId}:%`).orderBy("received_at").execute();
const payrexxTx = async (id: string | number) => (await sandbox.control(`payrexx/deliveries?transaction=${id}`, undefined, "GET")).deliveries as Array<{ id: number; reported: string; status: number | null }>;

async function settled() {
  await waitFor(async () => {
    const rows = await t.db.selectFrom("webhook_events").select("status").where("provider", "=", "payrexx").execute();
    return rows.every((r) => r.status === "processed" || r.status === "ignored");
  }, { what: "every Payrexx webhook processed", timeoutMs: 20_000 });
}

async function paidOrder(price = "25", quantity = 2) {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price, capacity: 10 });
  const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity }] });
  await pay(url, "4242424242424242");
  await until(orderId, "paid");
  return { event, ticketType, orderId, txId: (await order(orderId)).payment_intent_id! };
}

function post(body: string, query: string, contentType = "application/json") {
  return fetch(`${app.url}/api/webhooks/payrexx?${query}`, { method: "POST", headers: { "content-type": contentType }, body });
}

describe("connecting Payrexx", () => {
  it("names the field of a malformed instance or secret, and of a secret Payrexx refuses", async () => {
    const malformed = (await connect({ instance: "my shop!", apiSecret: "short" }).catch((e) => e)) as ValidationError;
    expect(malformed).toBeInstanceOf(ValidationError);
    expect(malformed.fieldErrors.instance?.[0]).toMatch(/only letters, digits and hyphens/);
    expect(malformed.fieldErrors.apiSecret?.[0]).toMatch(/at least 16 characters/);
    const refused = (await connect({ instance: DEMO.instance, apiSecret: "payrexx-wrong-secret-fake" }).catch((e) => e)) as ValidationError;
    expect(refused.fieldErrors.apiSecret?.[0]).toBe("Payrexx refused this API secret: Payrexx: An error occurred: Invalid API signature");
  });

  it("connects (a pasted address is reduced to the instance name) and sets the sandbox's webhook URL with its token", async () => {
    const tested = await connect({ instance: "https://switchboard-demo.payrexx.com/", apiSecret: DEMO.apiSecret });
    const row = (await findConnection(t.db, t.orgId, "payrexx"))!;
    connectionId = row.id;
    const url = `${app.url}/api/webhooks/payrexx?connection=${row.id}&token=${webhookToken(DEMO.apiSecret, row.id)}`;
    expect(tested.detail).toContain(url);
    expect(row).toMatchObject({ status: "connected", external_account_id: DEMO.instance, external_account_name: "switchboard-demo.payrexx.com" });
    expect(await sandbox.control(`payrexx/webhook-url?instance=${DEMO.instance}`, undefined, "GET")).toEqual({ instance: DEMO.instance, webhook: { url, contentType: "json" } });

    await sandbox.control("payrexx/instances", { instance: OTHER.instance, secret: OTHER.apiSecret });
    const b = await makeOrg(t.db, "B");
    const bOwner = await makeUser(t.db, b.id, "owner");
    await connect(OTHER, b.id, bOwner.id);
    orgB = { id: b.id, connectionId: (await findConnection(t.db, b.id, "payrexx"))!.id };
  });

  it("refuses an instance already connected to another organization, on the instance field, changing nothing", async () => {
    const c = await makeOrg(t.db, "C");
    const cOwner = await makeUser(t.db, c.id, "owner");
    const hookBefore = await sandbox.control(`payrexx/webhook-url?instance=${DEMO.instance}`, undefined, "GET");
    const refused = (await connect(DEMO, c.id, cOwner.id).catch((e) => e)) as ValidationError;
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.fieldErrors).toEqual({
      instance: [`The Payrexx account "${DEMO.instance}.payrexx.com" is already connected to another organization. Disconnect it there first, or use another account.`],
    });
    expect(await sandbox.control(`payrexx/webhook-url?instance=${DEMO.instance}`, undefined, "GET")).toEqual(hookBefore);
    expect(await findConnection(t.db, c.id, "payrexx")).toMatchObject({ status: "disconnected", credentials_sealed: null, external_account_id: null });
  });

  it("in live mode only shows the webhook URL to paste into Payrexx, and never calls the sandbox", async () => {
    const row = (await findConnection(t.db, t.orgId, "payrexx"))!;
    const sandboxCtx = (await connectorContext(t.db, appKeyring(), payrexxConnector, row)) as PayrexxContext;
    const live: PayrexxContext = { ...sandboxCtx, connection: { ...sandboxCtx.connection, mode: "live" } };
    const before = await sandbox.control(`payrexx/webhook-url?instance=${DEMO.instance}`, undefined, "GET");
    await payrexxConnector.afterConnect!(live, { webhookUrl: "https://elsewhere.example/api/webhooks/payrexx?connection=x" });
    expect(await sandbox.control(`payrexx/webhook-url?instance=${DEMO.instance}`, undefined, "GET")).toEqual(before);
    const { detail } = await payrexxConnector.testConnection({ ...live, baseUrl: sandboxCtx.baseUrl });
    expect(detail).toMatch(/^Connected to switchboard-demo\.payrexx\.com\. Now, in your Payrexx admin under Webhooks, set the webhook URL to /);
    expect(detail).toContain(`connection=${row.id}&token=${webhookToken(DEMO.apiSecret, row.id)}`);
  });
});

describe("buying tickets", () => {
  it("sells tickets: one gateway per order, paid on the page, settled from the webhook, ticket.purchased told", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 10 });
    const input = { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] };
    const first = await startCheckout(t.db, event.slug, input);
    expect(await startCheckout(t.db, event.slug, input)).toEqual(first);
    expect(first.url.startsWith(`${sandbox.url}/payrexx/pay/`)).toBe(true);
    const gateway = (await order(first.orderId)).checkout_id!;

    const paid = await pay(first.url, "4242 4242 4242 4242");
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`${app.url}/e/${event.slug}/orders/${first.orderId}/return`);
    await until(first.orderId, "paid");
    const { payment_intent_id } = await order(first.orderId);
    expect(payment_intent_id).toMatch(/^\d+$/);
    expect(await facts(first.orderId)).toEqual(["ticket.purchased"]);
    await settled();
    // Both webhooks are acted on as Payrexx's API answers when they are processed: paid, by then.
    const rows = await rowsFor(payment_intent_id!);
    expect(rows.map((r) => [r.external_id, r.status, r.org_id]).sort()).toEqual([
      [`${DEMO.instance}:${payment_intent_id}:confirmed:0`, "processed", t.orgId],
      [`${DEMO.instance}:${payment_intent_id}:waiting:0`, "processed", t.orgId],
    ]);
    expect(rows.filter((r) => r.outcome?.startsWith("order paid; tickets issued"))).toHaveLength(1);
    expect(rows.find((r) => r.type === "transaction.waiting")!.outcome).toContain("sent as waiting; Payrexx now says confirmed");
    const requests = await sandbox.requests("payrexx");
    const create = requests.find((r) => r.operation === "payrexx Gateway.create" && r.status === 200 && (r.body as Record<string, string>).referenceId === first.orderId)!;
    expect(create.body).toMatchObject({ amount: "5000", currency: "EUR", successRedirectUrl: `${app.url}/e/${event.slug}/orders/${first.orderId}/return`, "basket[0][quantity]": "2", "fields[email][value]": "pia@example.com" });
    expect(create.validation).toMatchObject({ checked: true, issues: [], notes: [] });
    expect(String(gateway)).toMatch(/^\d+$/);
  });

  it("releases the places when the card is declined or the buyer cancels", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 1 });
    const one = { items: [{ ticketTypeId: ticketType.id, quantity: 1 }] };
    const declined = await startCheckout(t.db, event.slug, { ...buyer(), ...one });
    await expect(startCheckout(t.db, event.slug, { ...buyer(), ...one })).rejects.toThrow("Sold out");
    const res = await pay(declined.url, "4000 0000 0000 0002");
    expect(res.headers.get("location")).toBe(`${app.url}/e/${event.slug}?checkout=cancelled`);
    await until(declined.orderId, "cancelled");

    const cancelled = await startCheckout(t.db, event.slug, { ...buyer(), ...one });
    await pay(cancelled.url, "", "cancel");
    await until(cancelled.orderId, "cancelled");
    await startCheckout(t.db, event.slug, { ...buyer(), ...one });
    expect(await facts(declined.orderId)).toEqual([]);
  });

  it("settles the order when the buyer is back before the webhook", async () => {
    await sandbox.control("payrexx/webhook-url", { instance: DEMO.instance, url: null });
    try {
      const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "10" });
      const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
      const paid = await pay(url, "4242424242424242");
      const back = await fetch(paid.headers.get("location")!, { redirect: "manual" });
      expect(back.status).toBe(303);
      expect((await order(orderId)).status).toBe("paid");
      expect(await completeReturn(t.db, event.slug, orderId, new URLSearchParams())).toBe(true);
      expect(await facts(orderId)).toEqual(["ticket.purchased"]);
    } finally {
      await sandbox.control("payrexx/webhook-url", { instance: DEMO.instance, url: `${app.url}/api/webhooks/payrexx?connection=${connectionId}&token=${webhookToken(DEMO.apiSecret, connectionId)}` });
    }
  });
});

describe("webhooks", () => {
  it("stores a webhook once however often Payrexx sends it", async () => {
    const { txId } = await paidOrder();
    await settled();
    const resent = await sandbox.control("payrexx/resend", { transaction: Number(txId), times: 20 });
    expect(resent.statuses).toEqual(Array(20).fill(200));
    expect((await rowsFor(txId)).map((r) => r.type).sort()).toEqual(["transaction.confirmed", "transaction.waiting"]);
  });

  it("refuses a missing or forged token, another organization's token and a malformed body with 400, storing nothing", async () => {
    const { txId } = await paidOrder();
    await settled();
    const before = (await t.db.selectFrom("webhook_events").select("id").execute()).length;
    const body = JSON.stringify({ transaction: { id: Number(txId), status: "refunded", invoice: { refundedAmount: 5000 } } });
    const good = webhookToken(DEMO.apiSecret, connectionId);
    const cases: Array<[string, string, string]> = [
      ["no token", `connection=${connectionId}`, body],
      ["forged token", `connection=${connectionId}&token=${"A".repeat(32)}`, body],
      ["token of another connection", `connection=${connectionId}&token=${webhookToken(DEMO.apiSecret, orgB.connectionId)}`, body],
      ["another organization's secret", `connection=${connectionId}&token=${webhookToken(OTHER.apiSecret, connectionId)}`, body],
      ["our token, other connection", `connection=${orgB.connectionId}&token=${good}`, body],
      ["malformed body", `connection=${connectionId}&token=${good}`, "{not json"],
      ["not a transaction", `connection=${connectionId}&token=${good}`, JSON.stringify({ hello: "world" })],
    ];
    for (const [name, query, payload] of cases) {
      const res = await post(payload, query);
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
    }
    expect((await t.db.selectFrom("webhook_events").select("id").execute()).length).toBe(before);
    expect((await order((await t.db.selectFrom("orders").select("id").where("payment_intent_id", "=", txId).executeTakeFirstOrThrow()).id)).status).toBe("paid");
  });

  it("acts on what Payrexx's API says, not on what a webhook claims: a false status, and another instance's transaction", async () => {
    const { orderId, txId } = await paidOrder();
    await settled();
    const good = `connection=${connectionId}&token=${webhookToken(DEMO.apiSecret, connectionId)}`;
    const lie = await post(JSON.stringify({ transaction: { id: Number(txId), status: "refunded", invoice: { refundedAmount: 5000 } } }), good);
    expect(lie.status).toBe(200);
    // Another organization's real payment, sent to our URL: our instance knows no such transaction.
    const theirs = await (async () => {
      const { event, ticketType } = await makePublishedEvent(t.db, orgB.id, { price: "25" });
      const { url, orderId: theirOrder } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
      await pay(url, "4242424242424242");
      await until(theirOrder, "paid");
      return (await order(theirOrder)).payment_intent_id!;
    })();
    expect((await post(JSON.stringify({ transaction: { id: Number(theirs), status: "confirmed" } }), good)).status).toBe(200);
    await settled();
    const outcomes = await t.db.selectFrom("webhook_events").select(["external_id", "status", "outcome", "org_id"]).where("external_id", "in", [`${DEMO.instance}:${txId}:refunded:5000`, `${DEMO.instance}:${theirs}:confirmed:0`]).execute();
    expect(outcomes.find((o) => o.external_id.includes(`:${txId}:`))).toMatchObject({ status: "processed", outcome: "order already paid (sent as refunded; Payrexx now says confirmed)", org_id: t.orgId });
    expect(outcomes.find((o) => o.external_id.includes(`:${theirs}:`))).toMatchObject({ status: "ignored", outcome: `Payrexx knows no transaction ${theirs} in instance ${DEMO.instance}` });
    expect((await order(orderId)).status).toBe("paid");
  });
});

describe("payments that are not the order's own", () => {
  it("never settles an order with a payment of another amount or currency on the same instance: the mismatch is recorded", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] });
    const ctx = (await connectorContext(t.db, appKeyring(), payrexxConnector, (await findConnection(t.db, t.orgId, "payrexx"))!)) as PayrexxContext;
    // Someone with the instance's API secret opens a payment page that names our order, and pays it.
    async function forge(amount: number, currency: string) {
      const gateway = await createGateway(ctx, { amount, currency, purpose: "Not our checkout", referenceId: orderId, successRedirectUrl: "https://elsewhere.example/ok", failedRedirectUrl: "https://elsewhere.example/no", cancelRedirectUrl: "https://elsewhere.example/no", skipResultPage: true });
      expect((await pay(gateway.link, "4242424242424242")).status).toBe(303);
      const txId = paidTransactionOf(await retrieveGateway(ctx, String(gateway.id)))!.id;
      return waitFor(async () => {
        const row = (await rowsFor(String(txId))).find((r) => r.type === "transaction.confirmed");
        return row && row.status !== "received" ? row : undefined;
      }, { what: "the forged payment's webhook processed", timeoutMs: 20_000 });
    }
    const cheap = await forge(100, "EUR");
    expect(cheap.outcome).toBe("Payment not accepted: it was for €1.00, but the order is for €50.00. The order was not settled.");
    const francs = await forge(5000, "CHF");
    expect(francs.outcome).toMatch(/it was for CHF\s50\.00, but the order is for €50\.00/);
    const after = await t.db.selectFrom("orders").select(["status", "payment_mismatch", "payment_intent_id"]).where("id", "=", orderId).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: "pending", payment_mismatch: expect.stringMatching(/^Payment not accepted: it was for CHF\s50\.00/), payment_intent_id: null });
    expect(await facts(orderId)).toEqual([]);

    await pay(url, "4242424242424242");
    await until(orderId, "paid");
  });
});

describe("refunds", () => {
  it("refunds one ticket once however often it is asked, then the rest from Payrexx's admin; an old webhook replayed afterwards changes nothing", async () => {
    const { orderId, txId } = await paidOrder("25", 2);
    await settled();
    const [first] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).orderBy("id").execute();
    const asked = await Promise.all([requestRefund(t.db, t.orgId, orderId, first!.id), requestRefund(t.db, t.orgId, orderId, first!.id)]);
    expect(asked.map((a) => a.amountMinor)).toEqual([2500, 2500]);
    await waitFor(async () => ((await order(orderId)).refunded_minor === 2500 ? true : undefined), { what: "the partial refund", timeoutMs: 20_000 });
    const refundCalls = (await sandbox.requests("payrexx")).filter((r) => r.operation === "payrexx Transaction.refund" && r.path.includes(txId));
    expect(refundCalls.map((r) => r.status)).toEqual([200]);
    const tickets = await t.db.selectFrom("attendees").select(["id", "status"]).where("order_id", "=", orderId).execute();
    expect(tickets.find((a) => a.id === first!.id)!.status).toBe("refunded");
    expect(tickets.filter((a) => a.status === "paid")).toHaveLength(1);

    await sandbox.control("payrexx/dashboard-refund", { transaction: Number(txId) });
    await until(orderId, "refunded");
    expect(await facts(orderId)).toEqual(["ticket.purchased", "ticket.refunded", "ticket.refunded"]);

    const confirmed = (await payrexxTx(txId)).find((d) => d.reported === "confirmed")!;
    await sandbox.control("payrexx/resend", { delivery: confirmed.id, times: 5 });
    await settled();
    expect((await order(orderId)).status).toBe("refunded");
    expect((await rowsFor(txId)).map((r) => r.type).sort()).toEqual(["transaction.confirmed", "transaction.partially-refunded", "transaction.refunded", "transaction.waiting"]);
  });

  it("pays a ticket's refund once: asked again while the first is on its way and another refund has landed, and after its callback", async () => {
    const { orderId, txId } = await paidOrder("25", 2);
    await settled();
    const [a, b] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).orderBy("id").execute();
    const refundPosts = async () => (await sandbox.requests("payrexx")).filter((r) => r.operation === "payrexx Transaction.refund" && r.path.includes(`/${txId}/`) && r.status === 200).length;

    // The first request for A is held up on its way to Payrexx...
    await sandbox.control("faults", { provider: "payrexx", match: `/Transaction/${txId}/refund`, kind: "latency", latencyMs: 4000, times: 1 });
    const firstA = requestRefund(t.db, t.orgId, orderId, a!.id);
    await waitFor(async () => ((await sandbox.control("faults", undefined, "GET")).faults.length === 0 ? true : undefined), { what: "the first refund at Payrexx" });
    // ...while B's refund is made and its webhook changes the order's refunded total.
    expect(await requestRefund(t.db, t.orgId, orderId, b!.id)).toEqual({ amountMinor: 2500, provider: "Payrexx" });
    await waitFor(async () => ((await order(orderId)).refunded_minor === 2500 ? true : undefined), { what: "B's refund applied", timeoutMs: 20_000 });
    expect((await requestRefund(t.db, t.orgId, orderId, a!.id)).alreadyRequested).toMatch(/^A refund for this ticket was already requested/);
    expect(await firstA).toEqual({ amountMinor: 2500, provider: "Payrexx" });
    await until(orderId, "refunded");
    expect((await requestRefund(t.db, t.orgId, orderId, a!.id)).alreadyRequested).toMatch(/already requested/);
    expect(await refundPosts()).toBe(2);
    expect((await order(orderId)).refunded_minor).toBe(5000);
  });

  it("refunds a payment that came after its places were sold once, through a claim, however often its webhook comes", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 10 });
    await t.db.updateTable("ticket_types").set({ quantity: 1 }).where("id", "=", ticketType.id).execute();
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    // The hold runs out and the place is sold to someone else; the buyer pays on the page still open.
    await cancelPendingOrder(t.db, orderId);
    await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    await pay(url, "4242424242424242");
    const claims = () => t.db.selectFrom("refund_requests").select(["scope", "status", "amount_minor"]).where("order_id", "=", orderId).execute();
    await waitFor(async () => ((await claims()).some((c) => c.status === "requested") ? true : undefined), { what: "the late payment's refund", timeoutMs: 20_000 });
    await settled();
    const txId = (await order(orderId)).payment_intent_id!;
    await sandbox.control("payrexx/resend", { transaction: Number(txId), times: 3 });
    await settled();
    expect(await claims()).toEqual([{ scope: "order", status: "requested", amount_minor: 2500 }]);
    const refundPosts = (await sandbox.requests("payrexx")).filter((r) => r.operation === "payrexx Transaction.refund" && r.path.includes(`/${txId}/`) && r.status === 200);
    expect(refundPosts).toHaveLength(1);
    expect((await order(orderId)).status).toBe("cancelled");
  });

  it("keeps a refund whose answer never came noted: asked again at once it waits, later it is sent once", async () => {
    const { orderId, txId } = await paidOrder("25", 1);
    await settled();
    await sandbox.control("faults", { provider: "payrexx", match: `/Transaction/${txId}/refund`, kind: "reset", times: 3 });
    await expect(requestRefund(t.db, t.orgId, orderId)).rejects.toThrow(/Transaction.refund/);
    const claims = () => t.db.selectFrom("refund_requests").select(["status", "error"]).where("order_id", "=", orderId).execute();
    expect(await claims()).toEqual([{ status: "claimed", error: expect.stringContaining("Transaction.refund") }]);
    expect((await requestRefund(t.db, t.orgId, orderId)).alreadyRequested).toMatch(/^A refund for this order was already requested/);
    const refundPosts = async () => (await sandbox.requests("payrexx")).filter((r) => r.operation === "payrexx Transaction.refund" && r.path.includes(`/${txId}/`) && r.status === 200).length;
    expect(await refundPosts()).toBe(0);

    await sql`update refund_requests set updated_at = now() - interval '3 minutes' where order_id = ${orderId}`.execute(t.db);
    await requestRefund(t.db, t.orgId, orderId);
    await until(orderId, "refunded");
    expect(await refundPosts()).toBe(1);
    expect((await claims()).map((n) => n.status)).toEqual(["requested"]);
  });

  it("settles a refund that arrives before the payment's own webhook, and flags a chargeback", async () => {
    await sandbox.control("payrexx/webhook-url", { instance: DEMO.instance, url: "http://127.0.0.1:9/lost" });
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] });
    await pay(url, "4242424242424242");
    await sandbox.control("payrexx/webhook-url", { instance: DEMO.instance, url: `${app.url}/api/webhooks/payrexx?connection=${connectionId}&token=${webhookToken(DEMO.apiSecret, connectionId)}` });
    const checkout = (await order(orderId)).checkout_id!;
    const txId = (await sandbox.control(`payrexx/deliveries?instance=${DEMO.instance}`, undefined, "GET")).deliveries.filter((d: { url: string }) => d.url.includes("/lost")).at(-1).transactionId as number;
    expect(checkout).toMatch(/^\d+$/);
    expect((await order(orderId)).status).toBe("pending");

    await sandbox.control("payrexx/dashboard-refund", { transaction: txId, amount: 1000 });
    await waitFor(async () => ((await order(orderId)).refunded_minor === 1000 ? true : undefined), { what: "the refund before the payment", timeoutMs: 20_000 }).catch(async (err) => {
      console.error(JSON.stringify(await t.db.selectFrom("webhook_events").select(["external_id", "type", "status", "outcome", "error"]).orderBy("received_at").execute(), null, 1));
      throw err;
    });
    expect((await order(orderId)).status).toBe("paid");
    expect(await facts(orderId)).toEqual(["ticket.purchased"]);

    await sandbox.control("payrexx/chargeback", { transaction: txId });
    await waitFor(async () => ((await order(orderId)).disputed_at ? true : undefined), { what: "the chargeback", timeoutMs: 20_000 });
  });
});

describe("outage", () => {
  it("retries processing through a Payrexx API outage without losing the payment", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    await sandbox.control("faults", { provider: "payrexx", match: "/Transaction/", kind: "status", status: 503, times: 0 });
    try {
      await pay(url, "4242424242424242");
      const failed = await waitFor(async () => {
        const rows = await t.db.selectFrom("webhook_events").selectAll().where("type", "=", "transaction.confirmed").where("status", "=", "failed").execute();
        return rows.find((r) => (r.payload as { transaction: { referenceId?: string } }).transaction.referenceId === orderId);
      }, { what: "the failed processing", timeoutMs: 20_000 });
      expect(failed.error).toContain("Transaction.retrieve");
      expect((await order(orderId)).status).toBe("pending");
      await sandbox.control("faults", undefined, "DELETE");
      // The order may be paid by the other webhook of the same payment (waiting, which reads
      // "confirmed" back from Payrexx), so it is this callback's own row that shows the retry.
      const retried = await waitFor(async () => {
        // graphile-worker's backoff would retry in seconds; bring the retry forward. Repeated
        // because the queue reschedules the failed attempt after the row already says failed.
        await sql`update graphile_worker._private_jobs set run_at = now() where key = ${"webhook:" + failed.id} and locked_at is null and run_at > now()`.execute(t.db);
        const row = await t.db.selectFrom("webhook_events").select(["status", "attempts"]).where("id", "=", failed.id).executeTakeFirstOrThrow();
        return row.status === "processed" ? row : undefined;
      }, { what: "the retried processing", timeoutMs: 20_000 });
      await until(orderId, "paid");
      expect(retried.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await sandbox.control("faults", undefined, "DELETE");
    }
  });
});
