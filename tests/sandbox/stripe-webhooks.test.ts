import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookDelivery } from "../../sandbox/stripe/state";
import type { Sandbox } from "../../sandbox/server";
import { control, requestsOf } from "./helpers";
import { CARD, eventsAbout, openCheckout, startStripeWorld, stopStripeWorld, submitCheckout, ticketSession, typesAbout, waitFor, type Receiver } from "./stripe-helpers";

let sb: Sandbox;
let stripe: Stripe;
let rcv: Receiver;

beforeAll(async () => {
  ({ sb, stripe, rcv } = await startStripeWorld());
});
afterAll(() => stopStripeWorld({ sb, rcv }));

/** A session paid by card on the hosted page: its PaymentIntent and charge. */
async function paid(amount = 4500): Promise<{ session: string; pi: string; charge: string }> {
  const session = await stripe.checkout.sessions.create(ticketSession({ line_items: [{ price_data: { currency: "chf", unit_amount: amount, product_data: { name: "Ticket" } }, quantity: 1 }] }));
  const res = await submitCheckout(await openCheckout(session.url!), { "Card number": "4242424242424242", ...CARD }, "Pay");
  if (res.status !== 303) throw new Error(`payment failed: ${res.status}`);
  const pi = await stripe.paymentIntents.retrieve((await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string);
  return { session: session.id, pi: pi.id, charge: pi.latest_charge as string };
}

async function deliveries(query = ""): Promise<WebhookDelivery[]> {
  return (await control<{ deliveries: WebhookDelivery[] }>(sb, "GET", `stripe/deliveries${query}`)).body.deliveries;
}

const rejection = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a failure")), (e: unknown) => e as Stripe.errors.StripeError);

describe("refunds", () => {
  it("refunds partly, then the rest, replaying an idempotent retry and refusing a second full refund", async () => {
    const { pi, charge } = await paid(4500);
    const partial = await stripe.refunds.create({ payment_intent: pi, amount: 1500, reason: "requested_by_customer", metadata: { ticket: "t1" } }, { idempotencyKey: "refund-t1" });
    expect(partial).toMatchObject({ object: "refund", status: "succeeded", amount: 1500, charge, payment_intent: pi, reason: "requested_by_customer", metadata: { ticket: "t1" } });
    const retried = await stripe.refunds.create({ payment_intent: pi, amount: 1500, reason: "requested_by_customer", metadata: { ticket: "t1" } }, { idempotencyKey: "refund-t1" });
    expect(retried.id).toBe(partial.id);
    expect(retried.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(await stripe.charges.retrieve(charge)).toMatchObject({ amount_refunded: 1500, refunded: false });

    const tooMuch = await rejection(stripe.refunds.create({ charge, amount: 5000 }));
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.raw).toMatchObject({ type: "invalid_request_error", code: "amount_too_large", param: "amount" });
    expect(tooMuch.message).toBe("Refund amount (CHF 50.00) is greater than unrefunded amount on charge (CHF 30.00)");

    const rest = await stripe.refunds.create({ charge }, { idempotencyKey: "refund-rest" });
    expect(rest.amount).toBe(3000);
    const refundedCharge = await stripe.charges.retrieve(charge);
    expect(refundedCharge).toMatchObject({ amount_refunded: 4500, refunded: true });
    expect(refundedCharge.refunds?.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
    expect((await stripe.refunds.retrieve(partial.id)).amount).toBe(1500);

    const again = await rejection(stripe.refunds.create({ charge }));
    expect(again.raw).toMatchObject({ type: "invalid_request_error", code: "charge_already_refunded" });

    await waitFor("both refunds' events", () => typesAbout(rcv, charge).filter((t) => t === "charge.refunded").length === 2);
    expect(typesAbout(rcv, partial.id, rest.id).filter((t) => t === "refund.created")).toHaveLength(2);
    const refundedEvents = eventsAbout(rcv, charge).filter((e) => e.type === "charge.refunded");
    const last = refundedEvents.find((e) => (e.data.object as Stripe.Charge).refunded)!;
    expect(last.data.previous_attributes).toEqual({ amount_refunded: 1500, refunded: false });
    expect(last.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: "refund-rest" });
  });

  it("refunds from the dashboard and opens a dispute, with the same events and no API call", async () => {
    const { charge, pi } = await paid(4500);
    const before = (await requestsOf(sb, "stripe")).filter((r) => r.path.startsWith("/v1/")).length;
    const refund = await control<{ refund: Stripe.Refund; charge: Stripe.Charge }>(sb, "POST", "stripe/dashboard-refund", { payment_intent: pi, amount: 500 });
    expect(refund.status).toBe(200);
    expect(refund.body.charge).toMatchObject({ amount_refunded: 500, refunded: false });
    const dispute = await control<Stripe.Dispute>(sb, "POST", "stripe/dispute", { charge });
    expect(dispute.body).toMatchObject({ object: "dispute", charge, payment_intent: pi, amount: 4000, reason: "fraudulent", status: "needs_response" });
    expect((await stripe.charges.retrieve(charge)).disputed).toBe(true);
    expect((await stripe.disputes.retrieve(dispute.body.id)).charge).toBe(charge);
    expect((await control(sb, "POST", "stripe/dispute", { charge })).status).toBe(409);
    // A reason Stripe does not have is refused before anything is opened.
    expect(await control(sb, "POST", "stripe/dispute", { charge, reason: "changed_my_mind" })).toMatchObject({ status: 400, body: { error: expect.stringContaining("fraudulent, duplicate") } });

    await waitFor("dashboard events", () => ["refund.created", "charge.refunded", "charge.dispute.created"].every((t) => typesAbout(rcv, charge).includes(t)));
    const disputeEvent = eventsAbout(rcv, charge).find((e) => e.type === "charge.dispute.created")!;
    expect(disputeEvent.request).toEqual({ id: null, idempotency_key: null });
    expect((await requestsOf(sb, "stripe")).filter((r) => r.path.startsWith("/v1/")).length).toBe(before + 2);

    const refused = await rejection(stripe.refunds.create({ charge }));
    expect(refused.raw).toMatchObject({ code: "charge_disputed" });
  });
});

describe("webhook delivery", () => {
  it("retries a delivery the endpoint refused, a second apart, and records each attempt", async () => {
    let refusals = 0;
    rcv.respond = (r) => (r.event?.type === "charge.succeeded" && refusals++ === 0 ? 500 : 200);
    try {
      const { charge } = await paid(5000);
      const event = await waitFor("the retried delivery", () => eventsAbout(rcv, charge).filter((e) => e.type === "charge.succeeded").length === 2 && eventsAbout(rcv, charge).find((e) => e.type === "charge.succeeded"));
      const attempts = await deliveries(`?event=${event.id}`);
      expect(attempts.map((d) => [d.attempt, d.status, d.trigger])).toEqual([
        [1, 500, "event"],
        [2, 200, "event"],
      ]);
      expect(Date.parse(attempts[1]!.at) - Date.parse(attempts[0]!.at)).toBeGreaterThanOrEqual(900);
      expect((await stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
    } finally {
      rcv.respond = () => 200;
    }
  });

  it("resends an event 20 times at once, and with stale or wrong-secret signatures the SDK rejects", async () => {
    const { session } = await paid(4500);
    const completed = await waitFor("completion", () => eventsAbout(rcv, session).find((e) => e.type === "checkout.session.completed"));
    const seen = rcv.received.length;

    const burst = await control<{ statuses: number[]; delivered: number }>(sb, "POST", "stripe/resend", { event: completed.id, times: 20 });
    expect(burst.status).toBe(200);
    expect(burst.body.statuses).toEqual(Array(20).fill(200));
    const copies = rcv.received.slice(seen).filter((r) => r.event?.id === completed.id);
    expect(copies).toHaveLength(20);
    expect(new Set(copies.map((c) => c.raw)).size).toBe(1);

    for (const signature of ["stale", "wrong-secret"] as const) {
      const before = rcv.received.length;
      const res = await control<{ statuses: number[] }>(sb, "POST", "stripe/resend", { event: completed.id, signature });
      expect(res.body.statuses).toEqual([400]);
      const got = rcv.received.slice(before);
      expect(got).toHaveLength(1);
      expect(got[0]!.event).toBeNull();
      expect(got[0]!.error).toMatch(signature === "stale" ? /Timestamp outside the tolerance zone/ : /No signatures found matching the expected signature/);
    }
    const resent = await deliveries(`?event=${completed.id}`);
    expect(resent.filter((d) => d.trigger === "resend").map((d) => d.signature).sort()).toEqual([...Array(20).fill("valid"), "stale", "wrong-secret"].sort());
    expect((await control(sb, "POST", "stripe/resend", { event: "evt_unknown" })).status).toBe(404);
    expect((await control(sb, "POST", "stripe/resend", { event: completed.id, signature: "forged" })).status).toBe(400);
  });

  it("signs exactly as Stripe does, so a signature made by the SDK's own helper matches", async () => {
    const { session } = await paid(4500);
    const received = await waitFor("completion", () => rcv.received.find((r) => r.event?.type === "checkout.session.completed" && (r.event.data.object as Stripe.Checkout.Session).id === session));
    const t = Number(received.signature.match(/^t=(\d+)/)![1]);
    const expected = stripe.webhooks.generateTestHeaderString({ payload: received.raw, secret: rcv.secret, timestamp: t });
    expect(received.signature).toBe(expected);
  });
});
