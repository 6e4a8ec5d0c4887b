// The sandbox's side of an on-page form: PaymentIntents of their own through the
// SDK, the browser's confirm with a publishable key and client secret, the test
// cards' outcomes, 3-D Secure on the challenge page, cancelling, and the stand-in
// for Stripe.js and its frame being served.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { resetSandbox, startTestSandbox } from "./helpers";
import { stripeFor } from "./stripe-helpers";

let sb: Sandbox;
const PK = "pk_test_sandboxTestKey123";

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => resetSandbox(sb));

const rejection = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a failure")), (e: unknown) => e as Stripe.errors.StripeError);

async function browserConfirm(pi: Stripe.PaymentIntent, number: string, extra: Record<string, string> = {}) {
  const res = await fetch(`${sb.url}/v1/payment_intents/${pi.id}/confirm`, {
    method: "POST",
    headers: { authorization: `Bearer ${PK}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_secret: pi.client_secret!,
      "payment_method_data[type]": "card",
      "payment_method_data[card][number]": number,
      "payment_method_data[card][exp_month]": "4",
      "payment_method_data[card][exp_year]": "2040",
      "payment_method_data[card][cvc]": "424",
      ...extra,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const newIntent = () => stripeFor(sb).paymentIntents.create({ amount: 4200, currency: "chf", automatic_payment_methods: { enabled: true }, metadata: { order_id: "o-1" } });

describe("PaymentIntents for an on-page form", () => {
  it("creates one with its client secret, replays it for the same Idempotency-Key, refuses too small an amount", async () => {
    const stripe = stripeFor(sb);
    const a = await stripe.paymentIntents.create({ amount: 4200, currency: "chf", automatic_payment_methods: { enabled: true } }, { idempotencyKey: "form-1" });
    const b = await stripe.paymentIntents.create({ amount: 4200, currency: "chf", automatic_payment_methods: { enabled: true } }, { idempotencyKey: "form-1" });
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ object: "payment_intent", amount: 4200, currency: "chf", status: "requires_payment_method", automatic_payment_methods: { enabled: true }, payment_method_types: ["card"] });
    expect(a.client_secret!.startsWith(`${a.id}_secret_`)).toBe(true);
    const small = await rejection(stripe.paymentIntents.create({ amount: 10, currency: "chf" }));
    expect([small.statusCode, small.code]).toEqual([400, "amount_too_small"]);
  });

  it("lets a publishable key confirm with the right client secret only, and use no other endpoint", async () => {
    const pi = await newIntent();
    const wrong = await browserConfirm({ ...pi, client_secret: `${pi.id}_secret_wrong` } as Stripe.PaymentIntent, "4242424242424242");
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.param).toBe("client_secret");
    const read = await fetch(`${sb.url}/v1/payment_intents/${pi.id}`, { headers: { authorization: `Bearer ${PK}` } });
    expect(read.status).toBe(401);
    const paid = await browserConfirm(pi, "4242 4242 4242 4242");
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ id: pi.id, status: "succeeded", amount_received: 4200 });
    expect(paid.body.latest_charge).toMatch(/^ch_/);
  });

  it("answers a declined card with Stripe's card error and the intent waiting for another method", async () => {
    const pi = await newIntent();
    const declined = await browserConfirm(pi, "4000000000009995");
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: "card_error", code: "card_declined", decline_code: "insufficient_funds", payment_intent: { id: pi.id, status: "requires_payment_method" } });
    const server = await rejection(stripeFor(sb).paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclined" }));
    expect(server).toBeInstanceOf(Stripe.errors.StripeCardError);
    const paid = await stripeFor(sb).paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("succeeded");
  });

  it("sends a 3-D Secure card to the challenge page and back to the return_url with the outcome", async () => {
    const pi = await newIntent();
    const first = await browserConfirm(pi, "4000002760003184", { return_url: "https://shop.example/orders/1" });
    expect(first.body).toMatchObject({ status: "requires_action", next_action: { type: "redirect_to_url", redirect_to_url: { return_url: "https://shop.example/orders/1" } } });
    const url = new URL(first.body.next_action.redirect_to_url.url);
    expect(url.pathname).toBe(`/stripe/elements/authenticate/${pi.id}`);
    const page = await fetch(url);
    expect(await page.text()).toContain("Fail authentication");
    const failed = await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: new URLSearchParams({ action: "fail", client_secret: pi.client_secret! }), redirect: "manual" });
    expect(failed.status).toBe(303);
    expect(failed.headers.get("location")).toBe(`https://shop.example/orders/1?payment_intent=${pi.id}&payment_intent_client_secret=${pi.client_secret}&redirect_status=failed`);
    expect((await stripeFor(sb).paymentIntents.retrieve(pi.id)).last_payment_error?.code).toBe("payment_intent_authentication_failure");
    // Asked again once answered: nothing left to authenticate.
    expect((await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: new URLSearchParams({ action: "complete", client_secret: pi.client_secret! }), redirect: "manual" })).status).toBe(409);

    const server = await stripeFor(sb).paymentIntents.confirm(pi.id, { payment_method: "pm_card_threeDSecure2Required", return_url: "https://shop.example/orders/1" });
    expect(server.status).toBe("requires_action");
    const done = await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: new URLSearchParams({ action: "complete", client_secret: pi.client_secret! }), redirect: "manual" });
    expect(new URL(done.headers.get("location")!).searchParams.get("redirect_status")).toBe("succeeded");
    expect((await stripeFor(sb).paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
  });

  it("cancels an open intent once, and refuses to cancel a paid one or a Checkout Session's", async () => {
    const stripe = stripeFor(sb);
    const open = await newIntent();
    expect(await stripe.paymentIntents.cancel(open.id, { cancellation_reason: "abandoned" })).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    const again = await rejection(stripe.paymentIntents.cancel(open.id));
    expect([again.statusCode, again.code]).toEqual([400, "payment_intent_unexpected_state"]);
    const confirmCanceled = await browserConfirm(open, "4242424242424242");
    expect(confirmCanceled.body.error.code).toBe("payment_intent_unexpected_state");

    const paid = await newIntent();
    await stripe.paymentIntents.confirm(paid.id, { payment_method: "pm_card_visa" });
    expect((await rejection(stripe.paymentIntents.cancel(paid.id))).message).toMatch(/status of succeeded/);
  });

  it("serves the stand-in for Stripe.js and the card frame", async () => {
    const script = await fetch(`${sb.url}/stripe/elements/stripe.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^application\/javascript/);
    const text = await script.text();
    expect(text).toContain("window.Stripe = Stripe");
    // What @stripe/react-stripe-js checks before it accepts a Stripe instance.
    for (const fn of ["elements:", "createToken:", "createPaymentMethod:", "confirmCardPayment:", "confirmPayment:", "_registerWrapper:", "registerAppInfo:"]) expect(text).toContain(fn);
    const frame = await fetch(`${sb.url}/stripe/elements/frame`);
    expect(frame.status).toBe(200);
    const html = await frame.text();
    for (const label of ["Card number", "Expiration date", "Security code"]) expect(html).toContain(label);
    expect((await fetch(`${sb.url}/stripe/elements/nothing`)).status).toBe(404);
  });
});
