import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { EMULATED_STRIPE_OPERATIONS } from "../../sandbox/stripe/routes";
import { requiredSpecFiles } from "../../sandbox/registry";
import { STRIPE_SPEC } from "../../sandbox/stripe/spec";
import { defaultSpecsDir, openSpecStore } from "../../sandbox/validation/spec-store";
import { control, requestsOf, resetSandbox, startTestSandbox } from "./helpers";
import { stripeFor, TEST_KEY, ticketSession } from "./stripe-helpers";

let sb: Sandbox;

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => resetSandbox(sb));

const rejection = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a failure")), (e: unknown) => e as Stripe.errors.StripeError);

describe("Stripe API basics", () => {
  it("answers balance and account with a good key, shaped like Stripe's objects", async () => {
    const stripe = stripeFor(sb);
    const balance = await stripe.balance.retrieve();
    expect(balance).toMatchObject({ object: "balance", livemode: false, available: [{ amount: 0, currency: "chf" }], pending: [{ amount: 0, currency: "chf" }] });
    const account = await stripe.accounts.retrieveCurrent();
    expect(account).toMatchObject({
      id: expect.stringMatching(/^acct_sandbox/),
      object: "account",
      country: "CH",
      default_currency: "chf",
      business_profile: { name: "Sandbox Events GmbH" },
      charges_enabled: true,
    });
    expect(balance.lastResponse.requestId).toMatch(/^req_/);
  });

  it("refuses a bad, an invalid and a revoked key with 401, masking the key", async () => {
    for (const key of ["sk_test_short", "nonsense-key-1234", "sk_test_invalid0000abcd"]) {
      const err = await rejection(stripeFor(sb, key).balance.retrieve());
      expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(err.statusCode).toBe(401);
      expect(err.message).toBe(`Invalid API Key provided: ${key.startsWith("sk_test_") ? "sk_test_" : ""}****${key.slice(-4)}`);
      expect(err.message).not.toContain(key);
    }
    expect((await stripeFor(sb).balance.retrieve()).object).toBe("balance");
    expect((await control(sb, "POST", "revoke", { provider: "stripe", token: TEST_KEY })).body).toEqual({ provider: "stripe", revoked: 1 });
    const revoked = await rejection(stripeFor(sb).balance.retrieve());
    expect([revoked.statusCode, revoked.message]).toEqual([401, "Invalid API Key provided: sk_test_****y123"]);
  });

  it("keeps live and test mode apart: a live key's objects are livemode and unseen by a test key", async () => {
    const live = stripeFor(sb, "sk_live_sandboxLiveKey99");
    const session = await live.checkout.sessions.create(ticketSession());
    expect(session.id).toMatch(/^cs_live_/);
    expect(session.livemode).toBe(true);
    const err = await rejection(stripeFor(sb).checkout.sessions.retrieve(session.id));
    expect(err.statusCode).toBe(404);
    expect(err.message).toContain("a similar object exists in live mode, but a test mode key was used");
  });

  it("serves only operations that Stripe's spec describes, at their paths and methods", async () => {
    const spec = (await (await openSpecStore(defaultSpecsDir(), requiredSpecFiles())).load(STRIPE_SPEC))!;
    for (const op of EMULATED_STRIPE_OPERATIONS) {
      const concrete = op.template.replace(/\{[^}]+\}/g, "x_1");
      expect(spec.operation(op.method, concrete)?.pathTemplate, `${op.method} ${op.template}`).toBe(op.template);
    }
  });
});

describe("Checkout Session creation", () => {
  it("creates an open, unpaid session with its hosted page URL, amounts and metadata", async () => {
    const session = await stripeFor(sb).checkout.sessions.create(ticketSession());
    expect(session).toMatchObject({
      object: "checkout.session",
      id: expect.stringMatching(/^cs_test_a1[A-Za-z0-9]{56}$/),
      url: `${sb.url}/checkout/pay/${session.id}`,
      status: "open",
      payment_status: "unpaid",
      mode: "payment",
      amount_total: 9000,
      amount_subtotal: 9000,
      currency: "chf",
      customer_email: "ana@example.com",
      metadata: { order_id: "ord_1" },
      payment_intent: null,
      livemode: false,
    });
    expect(session.expires_at - session.created).toBe(24 * 3600);
    const items = await stripeFor(sb).checkout.sessions.listLineItems(session.id);
    expect(items.data).toEqual([expect.objectContaining({ object: "item", description: "Launch — General admission", quantity: 2, amount_total: 9000, price: expect.objectContaining({ unit_amount: 4500, currency: "chf", type: "one_time" }) })]);
  });

  it("replays the same key with the same parameters, and refuses it with others", async () => {
    const stripe = stripeFor(sb);
    const first = await stripe.checkout.sessions.create(ticketSession(), { idempotencyKey: "order-ord_1" });
    const again = await stripe.checkout.sessions.create(ticketSession(), { idempotencyKey: "order-ord_1" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);

    const err = await rejection(stripe.checkout.sessions.create(ticketSession({ metadata: { order_id: "ord_2" } }), { idempotencyKey: "order-ord_1" }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe("StripeIdempotencyError");
    expect(err.raw).toMatchObject({ type: "idempotency_error" });
    expect(err.message).toMatch(/^Keys for idempotent requests can only be used with the same parameters they were first used with/);
  });

  it("refuses expires_at outside 30 minutes to 24 hours from now", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const expires_at of [now + 10 * 60, now + 25 * 3600]) {
      const err = await rejection(stripeFor(sb).checkout.sessions.create(ticketSession({ expires_at })));
      expect(err.statusCode).toBe(400);
      expect(err.param).toBe("expires_at");
    }
    const ok = await stripeFor(sb).checkout.sessions.create(ticketSession({ expires_at: now + 3600 }));
    expect(ok.expires_at).toBe(now + 3600);
  });

  it("refuses what breaks the spec, naming the parameter", async () => {
    const stripe = stripeFor(sb);
    const base = ticketSession();
    const quantity = await rejection(stripe.checkout.sessions.create({ ...base, line_items: [{ ...base.line_items![0]!, quantity: "abc" as never }] }));
    expect(quantity).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(quantity.raw).toMatchObject({ type: "invalid_request_error", code: "parameter_invalid_integer", param: "line_items[0][quantity]", message: "Invalid integer: abc" });

    const mode = await rejection(stripe.checkout.sessions.create({ ...base, mode: "bogus" as never }));
    expect(mode.raw).toMatchObject({ param: "mode", message: "Invalid mode: must be one of payment, setup, or subscription" });

    const required = await rejection(stripe.checkout.sessions.create({ ...base, success_url: undefined }));
    expect(required.raw).toMatchObject({ code: "parameter_missing", param: "success_url" });

    const logged = await requestsOf(sb, "stripe");
    expect(logged.map((r) => [r.operation, r.status])).toEqual([
      ["stripe PostCheckoutSessions", 400],
      ["stripe PostCheckoutSessions", 400],
      ["stripe PostCheckoutSessions", 400],
    ]);
    expect(logged[0]!.validation.issues).toEqual([expect.objectContaining({ path: "line_items[0][quantity]", rule: "type" })]);
  });

  it("accepts a parameter newer than the spec and reports it in the request log", async () => {
    const session = await stripeFor(sb).checkout.sessions.create(ticketSession({ custom_text: { submit: { message: "See you at Launch" } } }));
    expect(session.status).toBe("open");
    const logged = (await requestsOf(sb, "stripe")).at(-1)!;
    expect(logged.status).toBe(200);
    expect(logged.validation).toMatchObject({ checked: true, issues: [] });
    expect(logged.validation.notes).toEqual(["parameter custom_text is not in the spec; accepted, not checked"]);
  });
});

describe("Stripe faults", () => {
  it("answers injected 500s and 429s in Stripe's error shape, with Retry-After only when asked", async () => {
    const stripe = stripeFor(sb);
    await control(sb, "POST", "faults", { provider: "stripe", match: "/v1/balance", kind: "status", status: 500 });
    const failed = await rejection(stripe.balance.retrieve());
    expect(failed).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect([failed.statusCode, failed.raw]).toEqual([500, expect.objectContaining({ type: "api_error" })]);

    await control(sb, "POST", "faults", { provider: "stripe", kind: "rate_limit" });
    const raw = await fetch(`${sb.url}/v1/balance`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get("retry-after")).toBeNull();
    expect(await raw.json()).toMatchObject({ error: { type: "rate_limit_error" } });

    await control(sb, "POST", "faults", { provider: "stripe", kind: "rate_limit", retryAfterSeconds: 3 });
    const limited = await rejection(stripe.balance.retrieve());
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited.headers?.["retry-after"]).toBe("3");
    expect((await stripe.balance.retrieve()).object).toBe("balance");
  });

  it("answers unknown paths as Stripe does", async () => {
    const res = await fetch(`${sb.url}/v1/nothing_here`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { type: "invalid_request_error", message: expect.stringContaining("Unrecognized request URL (GET: /v1/nothing_here)") } });
  });
});
