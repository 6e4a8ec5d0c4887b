// Paying for tickets end to end against the sandbox: connecting Stripe creates
// the webhook endpoint; Checkout, the signed callbacks through our real route,
// the worker's processing, refunds, expiry, duplicates, old events and an outage.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { readCredentials } from "@/lib/integrations/connections/credentials";
import { startCheckout } from "@/lib/checkout/start";
import { stripeClient } from "@/lib/integrations/stripe/client";
import { STRIPE_EVENTS } from "@/lib/integrations/stripe/connector";
import { requestRefund } from "@/lib/checkout/refunds";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { cancelPendingOrder } from "@/lib/domain/orders/settle";
import { listAttendees } from "@/lib/domain/attendees/service";
import { callbacksAbout } from "../helpers/callbacks";
import { startAppServer } from "../helpers/app-server";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
let app: Awaited<ReturnType<typeof startAppServer>>;
let callbacksDown = false;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { POST } = await import("@/app/api/webhooks/[provider]/route");
  // While `callbacksDown`, our route answers 503, as during a deploy: Stripe's deliveries fail and can be resent later in any order.
  type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const gated: Handler = (req, ctx) => (callbacksDown ? Promise.resolve(new Response("unavailable", { status: 503 })) : (POST as never as Handler)(req, ctx));
  app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: gated }]);
  process.env.APP_URL = app.url;
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

const connect = (fields: Record<string, string>) =>
  connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields });

async function pay(checkoutUrl: string, card: string): Promise<Response> {
  const form = new URLSearchParams({ card_number: card, expiry: "12 / 34", cvc: "123", name: "Test Buyer", email: "buyer@example.com", action: "pay" });
  return fetch(checkoutUrl, { method: "POST", body: form, redirect: "manual" });
}

async function orderStatus(id: string) {
  return (await t.db.selectFrom("orders").select(["status", "refunded_minor", "payment_intent_id"]).where("id", "=", id).executeTakeFirstOrThrow());
}

async function until(id: string, status: string) {
  return waitFor(async () => ((await orderStatus(id)).status === status ? true : undefined), { what: `order ${status}`, timeoutMs: 20_000 });
}

const buyer = () => ({ name: "Pia Payer", email: "pia@example.com", attempt: randomUUID() });

describe("Stripe Checkout", () => {
  it("names the field of a malformed or mismatched key", async () => {
    const err = await connect({ secretKey: "sk_live_abcdefgh1234", publishableKey: "pk_test_abcdefgh1234" }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors.publishableKey?.[0]).toContain("other mode");
    const refused = await connect({ secretKey: "sk_test_invalidkey0001", publishableKey: "pk_test_abcdefgh1234" }).catch((e) => e);
    expect((refused as ValidationError).fieldErrors.secretKey?.[0]).toMatch(/^Stripe refused this Secret key/);
  });

  it("connects with test keys and creates its own webhook endpoint with a sealed secret", async () => {
    const tested = await connect({ secretKey: "sk_test_switchboard0001", publishableKey: "pk_test_switchboard0001" });
    expect(tested.detail).toMatch(/^Test mode: connected to /);
    const row = (await findConnection(t.db, t.orgId, "stripe"))!;
    const creds = await readCredentials<{ webhookSecret: string }>(t.db, appKeyring(), row, "Stripe");
    expect(creds.webhookSecret).toMatch(/^whsec_/);
    expect(row.credentials_sealed).not.toContain(creds.webhookSecret);
  });

  it("sells tickets: one session per order, paid through the signed callback, ticket.purchased told", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 10 });
    const input = { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] };
    const first = await startCheckout(t.db, event.slug, input);
    const again = await startCheckout(t.db, event.slug, input);
    expect(again).toEqual(first);
    expect(first.url.startsWith(`${sandbox.url}/checkout/pay/`)).toBe(true);

    const paid = await pay(first.url, "4242 4242 4242 4242");
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toMatch(new RegExp(`/e/${event.slug}/orders/${first.orderId}\\?session_id=cs_`));
    await until(first.orderId, "paid");
    expect((await orderStatus(first.orderId)).payment_intent_id).toMatch(/^pi_/);
    const facts = await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", first.orderId).execute();
    expect(facts.map((f) => f.type)).toEqual(["ticket.purchased"]);
    const received = await t.db.selectFrom("webhook_events").select(["type", "status"]).where("type", "=", "checkout.session.completed").execute();
    expect(received.length).toBeGreaterThanOrEqual(1);
    await waitFor(async () => {
      const rows = await t.db.selectFrom("webhook_events").select("status").execute();
      return rows.every((r) => r.status === "processed" || r.status === "ignored");
    }, { what: "every callback processed" });
  });

  it("keeps a declined payment's order pending, and releases the places when checkout expires", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 1 });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    const declined = await pay(url, "4000 0000 0000 0002");
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    expect((await orderStatus(orderId)).status).toBe("pending");
    // The only place is held: nobody else can check out meanwhile.
    await expect(startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] })).rejects.toThrow("Sold out");
    const session = (await t.db.selectFrom("orders").select("checkout_id").where("id", "=", orderId).executeTakeFirstOrThrow()).checkout_id!;
    await sandbox.control("stripe/expire", { session });
    await until(orderId, "cancelled");
    await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
  });

  it("refunds a ticket, then the rest from Stripe's dashboard, and ignores an old 'completed' event afterwards", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] });
    await pay(url, "4242424242424242");
    await until(orderId, "paid");
    const [first] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).execute();
    expect(await requestRefund(t.db, t.orgId, orderId, first!.id)).toEqual({ amountMinor: 2500, provider: "Stripe" });
    await waitFor(async () => ((await orderStatus(orderId)).refunded_minor === 2500 ? true : undefined), { what: "the partial refund", timeoutMs: 20_000 }).catch(async (err) => {
      console.error(JSON.stringify(await t.db.selectFrom("webhook_events").select(["type", "status", "outcome", "error"]).orderBy("received_at").execute(), null, 1));
      throw err;
    });
    const statuses = await t.db.selectFrom("attendees").select(["id", "status"]).where("order_id", "=", orderId).execute();
    expect(statuses.find((a) => a.id === first!.id)!.status).toBe("refunded");
    expect(statuses.filter((a) => a.status === "paid")).toHaveLength(1);

    const pi = (await orderStatus(orderId)).payment_intent_id!;
    await sandbox.control("stripe/dashboard-refund", { payment_intent: pi });
    await until(orderId, "refunded");
    const facts = await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", orderId).orderBy("occurred_at").execute();
    expect(facts.map((f) => f.type)).toEqual(["ticket.purchased", "ticket.refunded", "ticket.refunded"]);

    // The checkout.session.completed of this order, delivered again now, cannot turn it back to paid.
    const completed = await t.db
      .selectFrom("webhook_events")
      .select(["external_id", "payload"])
      .where("type", "=", "checkout.session.completed")
      .execute();
    const mine = completed.find((r) => (r.payload as { data: { object: { metadata: { order_id: string } } } }).data.object.metadata.order_id === orderId)!;
    await sandbox.control("stripe/resend", { event: mine.external_id, times: 20 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await orderStatus(orderId)).status).toBe("refunded");
    const copies = await t.db.selectFrom("webhook_events").select("id").where("external_id", "=", mine.external_id).execute();
    expect(copies).toHaveLength(1);
  });

  it("pays a ticket's refund once: asked again while the first is on its way and another refund has landed, at once, and after its callback", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] });
    await pay(url, "4242424242424242");
    await until(orderId, "paid");
    const [a, b] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).orderBy("id").execute();
    const pi = (await orderStatus(orderId)).payment_intent_id!;
    const refundsOf = async (attendeeId: string) =>
      (await stripeClient(sandbox.url, "sk_test_switchboard0001").refunds.list({ payment_intent: pi, limit: 100 })).data.filter((r) => r.metadata?.attendee_ids === attendeeId);

    // The first request for A is held up on its way to Stripe...
    await sandbox.control("faults", { provider: "stripe", match: "/v1/refunds", kind: "latency", latencyMs: 4000, times: 1 });
    const firstA = requestRefund(t.db, t.orgId, orderId, a!.id);
    await waitFor(async () => ((await sandbox.control("faults", undefined, "GET")).faults.length === 0 ? true : undefined), { what: "the first refund at Stripe" });
    // ...while B's refund is made and its callback changes the order's refunded total.
    expect(await requestRefund(t.db, t.orgId, orderId, b!.id)).toEqual({ amountMinor: 2500, provider: "Stripe" });
    await waitFor(async () => ((await orderStatus(orderId)).refunded_minor === 2500 ? true : undefined), { what: "B's refund applied", timeoutMs: 20_000 });
    const again = await requestRefund(t.db, t.orgId, orderId, a!.id);
    expect(again.alreadyRequested).toMatch(/^A refund for this ticket was already requested/);
    expect(await firstA).toEqual({ amountMinor: 2500, provider: "Stripe" });
    await until(orderId, "refunded");

    // At once, and after its callback landed: still one refund per ticket.
    const twice = await Promise.all([requestRefund(t.db, t.orgId, orderId, a!.id), requestRefund(t.db, t.orgId, orderId, b!.id)]);
    expect(twice.map((r) => r.alreadyRequested)).toEqual([expect.stringMatching(/already requested/), expect.stringMatching(/already requested/)]);
    expect(await refundsOf(a!.id)).toHaveLength(1);
    expect(await refundsOf(b!.id)).toHaveLength(1);
    expect((await orderStatus(orderId)).refunded_minor).toBe(5000);
  });

  it("pays a ticket's refund once when it is asked for twice at the same moment", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] });
    await pay(url, "4242424242424242");
    await until(orderId, "paid");
    const [a] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).orderBy("id").execute();
    const answers = await Promise.all(Array.from({ length: 5 }, () => requestRefund(t.db, t.orgId, orderId, a!.id)));
    expect(answers.filter((r) => !r.alreadyRequested)).toHaveLength(1);
    await waitFor(async () => ((await orderStatus(orderId)).refunded_minor === 2500 ? true : undefined), { what: "the refund applied", timeoutMs: 20_000 });
    const pi = (await orderStatus(orderId)).payment_intent_id!;
    const refunds = (await stripeClient(sandbox.url, "sk_test_switchboard0001").refunds.list({ payment_intent: pi, limit: 100 })).data;
    expect(refunds.map((r) => r.amount)).toEqual([2500]);
  });

  it("refunds a payment that came after its places were sold once, through a claim, however often its callback comes", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 10 });
    await t.db.updateTable("ticket_types").set({ quantity: 1 }).where("id", "=", ticketType.id).execute();
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    // The hold runs out and the place goes to someone else; the buyer pays on the page still open.
    await cancelPendingOrder(t.db, orderId);
    await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    expect((await pay(url, "4242424242424242")).status).toBe(303);
    const claims = () => t.db.selectFrom("refund_requests").select(["scope", "status", "amount_minor"]).where("order_id", "=", orderId).execute();
    await waitFor(async () => ((await claims()).some((c) => c.status === "requested") ? true : undefined), { what: "the late payment's refund", timeoutMs: 20_000 });

    const completed = (await t.db.selectFrom("webhook_events").select(["external_id", "payload"]).where("type", "=", "checkout.session.completed").execute()).find(
      (r) => (r.payload as { data: { object: { metadata: { order_id: string } } } }).data.object.metadata.order_id === orderId,
    )!;
    await sandbox.control("stripe/resend", { event: completed.external_id, times: 3 });
    await waitFor(async () => {
      const rows = await t.db.selectFrom("webhook_events").select("status").execute();
      return rows.every((r) => r.status === "processed" || r.status === "ignored") ? true : undefined;
    }, { what: "every callback processed", timeoutMs: 20_000 });

    expect(await claims()).toEqual([{ scope: "order", status: "requested", amount_minor: 2500 }]);
    const pi = (await orderStatus(orderId)).payment_intent_id!;
    const refunds = (await stripeClient(sandbox.url, "sk_test_switchboard0001").refunds.list({ payment_intent: pi, limit: 100 })).data;
    expect(refunds.map((r) => r.amount)).toEqual([2500]);
    expect((await orderStatus(orderId)).status).toBe("cancelled");
    expect((await requestRefund(t.db, t.orgId, orderId)).alreadyRequested).toMatch(/already requested/);
  });

  it("settles an order only with its own payment: a validly signed payment of another amount, currency or gateway is recorded, never settled", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] });
    // An order whose checkout was opened with another gateway.
    const elsewhere = await createPendingOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "paypal");
    const stripe = stripeClient(sandbox.url, "sk_test_switchboard0001");
    // Someone with access to the same Stripe account opens a checkout that names our order, and pays it.
    async function forge(order: string, amount: number, currency: string) {
      const session = await stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ quantity: 1, price_data: { currency, unit_amount: amount, product_data: { name: "Not our checkout" } } }],
        metadata: { order_id: order },
        payment_intent_data: { metadata: { order_id: order } },
        success_url: "https://elsewhere.example/ok",
        cancel_url: "https://elsewhere.example/cancel",
      });
      expect((await pay(session.url!, "4242424242424242")).status).toBe(303);
      return waitFor(async () => {
        const [row] = await callbacksAbout(t.db, "checkout.session.completed", session.id);
        return row && row.status !== "received" ? row : undefined;
      }, { what: `processing of ${session.id}`, timeoutMs: 20_000 });
    }
    const mismatch = async (id: string) => (await t.db.selectFrom("orders").select(["status", "payment_mismatch"]).where("id", "=", id).executeTakeFirstOrThrow());

    const cheap = await forge(orderId, 100, "eur");
    expect(cheap.status).toBe("processed");
    expect(cheap.outcome).toMatch(/^Payment not accepted: it was made on checkout cs_test_\w+, not on the order's checkout cs_test_\w+; it was for €1\.00, but the order is for €50\.00\. The order was not settled\.$/);
    // Its payment_intent.succeeded says the same without naming the checkout; whichever came last is kept.
    expect(await mismatch(orderId)).toEqual({ status: "pending", payment_mismatch: expect.stringMatching(/it was for €1\.00, but the order is for €50\.00\.$/) });

    const francs = await forge(orderId, 5000, "chf");
    expect(francs.outcome).toMatch(/it was for CHF\s50\.00, but the order is for €50\.00/);
    expect((await mismatch(orderId)).status).toBe("pending");

    const otherGateway = await forge(elsewhere.order.id, 2500, "eur");
    expect(otherGateway.outcome).toBe("Payment not accepted: it came through stripe, but the order's checkout was opened with paypal. The order was not settled.");
    expect((await mismatch(elsewhere.order.id)).status).toBe("pending");
    expect(await mismatch(elsewhere.order.id)).toMatchObject({ status: "pending", payment_mismatch: expect.stringContaining("opened with paypal") });
    // The admin sees it on the event's attendee list.
    const listed = await listAttendees(t.db, t.orgId, event.id);
    expect(listed.filter((a) => a.order_id === elsewhere.order.id).map((a) => a.payment_mismatch)).toEqual([expect.stringContaining("opened with paypal")]);
    expect(await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "in", [orderId, elsewhere.order.id]).execute()).toHaveLength(0);

    // The order's own payment still settles it.
    await pay(url, "4242424242424242");
    await until(orderId, "paid");
  });

  it("retries processing through a Stripe outage without losing the payment", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    await sandbox.control("faults", { provider: "stripe", match: "/v1/checkout/sessions/cs_", kind: "status", status: 500, times: 0 });
    await pay(url, "4242424242424242");
    const failed = await waitFor(async () => {
      const r = await t.db.selectFrom("webhook_events").selectAll().where("type", "=", "checkout.session.completed").where("status", "=", "failed").execute();
      return r.find((x) => (x.payload as { data: { object: { metadata: { order_id: string } } } }).data.object.metadata.order_id === orderId);
    }, { what: "the failed processing", timeoutMs: 20_000 });
    expect(failed.error).toContain("checkout.sessions.retrieve");
    // payment_intent.succeeded needs no API call, so the order is paid anyway.
    await until(orderId, "paid");
    await sandbox.control("faults", undefined, "DELETE");
    // graphile-worker's backoff would retry in seconds; bring the retry forward.
    await sql`update graphile_worker._private_jobs set run_at = now() where attempts > 0`.execute(t.db);
    const retried = await waitFor(async () => {
      const r = await t.db.selectFrom("webhook_events").select(["status", "attempts", "outcome"]).where("id", "=", failed.id).executeTakeFirstOrThrow();
      return r.status === "processed" ? r : undefined;
    }, { what: "the retried processing", timeoutMs: 20_000 });
    expect(retried.attempts).toBeGreaterThanOrEqual(2);
    expect(retried.outcome).toBe("order already paid");
  });

  it("ends refunded when the refund's callback is processed before the payment's (callbacks delivered in reverse order)", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    callbacksDown = true;
    try {
      await pay(url, "4242424242424242");
      const session = (await t.db.selectFrom("orders").select("checkout_id").where("id", "=", orderId).executeTakeFirstOrThrow()).checkout_id!;
      const stripe = stripeClient(sandbox.url, "sk_test_switchboard0001");
      const pi = (await stripe.checkout.sessions.retrieve(session)).payment_intent as string;
      await sandbox.control("stripe/dashboard-refund", { payment_intent: pi });
      // The events our endpoint is subscribed to that concern this order, newest first (as Stripe lists them).
      const mine = (await stripe.events.list({ limit: 100 })).data.filter(
        (e) => (STRIPE_EVENTS as readonly string[]).includes(e.type) && (JSON.stringify(e.data.object).includes(pi) || JSON.stringify(e.data.object).includes(orderId)),
      );
      const types = mine.map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(["checkout.session.completed", "payment_intent.succeeded", "charge.refunded"]));
      // Every automatic delivery of these events has failed for good before the route comes back.
      await waitFor(async () => {
        const { deliveries } = (await (await fetch(`${sandbox.url}/_sandbox/stripe/deliveries`)).json()) as { deliveries: Array<{ eventId: string; attempt: number; status: number | null }> };
        return mine.every((e) => deliveries.some((d) => d.eventId === e.id && d.attempt === 3)) ? true : undefined;
      }, { what: "the failed deliveries", timeoutMs: 20_000 });
      expect(await t.db.selectFrom("webhook_events").select("id").where("external_id", "in", mine.map((e) => e.id)).execute()).toHaveLength(0);
      callbacksDown = false;
      // Newest first: the refund, then the payment.
      for (const e of mine) {
        await sandbox.control("stripe/resend", { event: e.id });
        await waitFor(async () => {
          const row = await t.db.selectFrom("webhook_events").select("status").where("external_id", "=", e.id).executeTakeFirst();
          return row && row.status !== "received" ? row : undefined;
        }, { what: `processing of ${e.type}`, timeoutMs: 20_000 });
      }
    } finally {
      callbacksDown = false;
    }
    expect((await orderStatus(orderId)).status).toBe("refunded");
    const attendees = await t.db.selectFrom("attendees").select("status").where("order_id", "=", orderId).execute();
    expect(attendees.map((a) => a.status)).toEqual(["refunded"]);
    const facts = await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", orderId).orderBy("occurred_at").execute();
    expect(facts.map((f) => f.type)).toEqual(["ticket.purchased", "ticket.refunded"]);
  });
});
