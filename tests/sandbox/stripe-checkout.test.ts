import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control } from "./helpers";
import { CARD, eventsAbout, openCheckout, startStripeWorld, stopStripeWorld, submitCheckout, ticketSession, typesAbout, waitFor, type Receiver } from "./stripe-helpers";

let sb: Sandbox;
let stripe: Stripe;
let rcv: Receiver;

beforeAll(async () => {
  ({ sb, stripe, rcv } = await startStripeWorld());
});
afterAll(() => stopStripeWorld({ sb, rcv }));

describe("webhook endpoints", () => {
  it("shows the signing secret on create only, lists and deletes endpoints", async () => {
    const created = await stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/unused", enabled_events: ["charge.refunded", "refund.created"], description: "refunds" });
    expect(created).toMatchObject({ object: "webhook_endpoint", status: "enabled", enabled_events: ["charge.refunded", "refund.created"], secret: expect.stringMatching(/^whsec_/) });
    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.map((e) => e.id)).toContain(created.id);
    expect(listed.data.every((e) => e.secret === undefined)).toBe(true);
    expect(await stripe.webhookEndpoints.del(created.id)).toMatchObject({ id: created.id, deleted: true });
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).not.toContain(created.id);
  });
});

describe("the hosted Checkout page", () => {
  it("shows merchant, items, total, e-mail, a labelled card form, Pay and Cancel", async () => {
    const session = await stripe.checkout.sessions.create(ticketSession());
    const form = await openCheckout(session.url!);
    expect(form.status).toBe(200);
    expect(form.html).toContain("Sandbox Events GmbH");
    expect(form.html).toContain("Launch — General admission");
    expect(form.html).toContain("CHF 90.00");
    expect(form.html).toContain("ana@example.com");
    expect(Object.keys(form.fields)).toEqual(["Card number", "Expiry", "CVC", "Name on card"]);
    expect(form.buttons.map((b) => b.text)).toEqual(["Pay", "Pay by bank transfer"]);
    expect(form.cancelHref).toBe("http://localhost:3000/e/launch");
  });

  it("pays with 4242 (spaces and all): redirects to success_url and delivers signed events", async () => {
    const session = await stripe.checkout.sessions.create(ticketSession());
    const res = await submitCheckout(await openCheckout(session.url!), { "Card number": "4242 4242 4242 4242", ...CARD }, "Pay");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`http://localhost:3000/e/launch/thanks?session=${session.id}`);

    const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(paid).toMatchObject({ status: "complete", payment_status: "paid", customer_details: expect.objectContaining({ email: "ana@example.com", name: "Ana Attendee" }) });
    const pi = paid.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ object: "payment_intent", status: "succeeded", amount: 9000, amount_received: 9000, currency: "chf" });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ status: "succeeded", paid: true, amount: 9000, payment_intent: pi.id, payment_method_details: { type: "card", card: expect.objectContaining({ last4: "4242", brand: "visa" }) } });

    await waitFor("the completion event", () => typesAbout(rcv, session.id).includes("checkout.session.completed"));
    await waitFor("the payment events", () => typesAbout(rcv, pi.id).length >= 4);
    expect(typesAbout(rcv, pi.id).sort()).toEqual(["charge.succeeded", "checkout.session.completed", "payment_intent.created", "payment_intent.succeeded"]);
    const completed = eventsAbout(rcv, session.id).find((e) => e.type === "checkout.session.completed")!;
    expect(completed.data.object).toMatchObject({ id: session.id, payment_status: "paid", payment_intent: pi.id, metadata: { order_id: "ord_1" } });
    expect(completed).toMatchObject({ object: "event", api_version: "2020-08-27", livemode: false });
    expect(rcv.received.every((r) => r.error === null)).toBe(true);
    expect(rcv.received[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const stored = await stripe.events.retrieve(completed.id);
    expect(stored.data.object).toEqual(completed.data.object);
    const newest = await stripe.events.list({ limit: 1 });
    expect(newest.data[0]!.type).toBe("checkout.session.completed");
    expect(newest.has_more).toBe(true);
    const after = await stripe.events.list({ limit: 2, starting_after: newest.data[0]!.id });
    expect(after.data.map((e) => e.type)).toEqual(["payment_intent.succeeded", "charge.succeeded"]);

    const page = await openCheckout(session.url!);
    expect(page.html).toContain("This Checkout Session is complete.");
    expect(page.buttons).toEqual([]);
  });

  it("declines 0002 and 9995 on the page, keeps the session open and reports payment_failed", async () => {
    const session = await stripe.checkout.sessions.create(ticketSession());
    const declined = await submitCheckout(await openCheckout(session.url!), { "Card number": "4000 0000 0000 0002", ...CARD }, "Pay");
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    const poor = await submitCheckout(await openCheckout(session.url!), { "Card number": "4000000000009995", ...CARD }, "Pay");
    expect(await poor.text()).toContain("Your card has insufficient funds.");

    const still = await stripe.checkout.sessions.retrieve(session.id);
    expect([still.status, still.payment_status, still.payment_intent]).toEqual(["open", "unpaid", null]);

    const ok = await submitCheckout(await openCheckout(session.url!), { "Card number": "4242424242424242", ...CARD }, "Pay");
    expect(ok.status).toBe(303);
    const paid = await stripe.checkout.sessions.retrieve(session.id);
    expect(paid.payment_status).toBe("paid");
    // One PaymentIntent carries every attempt of the session: two declines, then the payment.
    const pi = paid.payment_intent as string;
    await waitFor("the attempts' events", () => typesAbout(rcv, pi).includes("payment_intent.succeeded") && typesAbout(rcv, pi).filter((t) => t === "payment_intent.payment_failed").length === 2);
    const failures = eventsAbout(rcv, pi).filter((e) => e.type === "payment_intent.payment_failed");
    expect(failures.map((e) => (e.data.object as Stripe.PaymentIntent).last_payment_error?.decline_code).sort()).toEqual(["generic_decline", "insufficient_funds"]);
    expect(typesAbout(rcv, pi).filter((t) => t === "charge.failed")).toHaveLength(2);
  });

  it("refuses an incomplete card without charging anything", async () => {
    const session = await stripe.checkout.sessions.create(ticketSession());
    const res = await submitCheckout(await openCheckout(session.url!), { "Card number": "4242 4242 4242 4241", ...CARD }, "Pay");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Your card number is invalid.");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("completes a bank transfer unpaid, then settles it through the control API", async () => {
    const session = await stripe.checkout.sessions.create(ticketSession());
    const res = await submitCheckout(await openCheckout(session.url!), {}, "Pay by bank transfer");
    expect(res.status).toBe(303);
    const pending = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect([pending.status, pending.payment_status]).toEqual(["complete", "unpaid"]);
    const pi = pending.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: "requires_action", payment_method_types: ["customer_balance"], next_action: { type: "display_bank_transfer_instructions" } });
    await waitFor("completion", () => typesAbout(rcv, session.id).includes("checkout.session.completed"));

    const settled = await control<Record<string, unknown>>(sb, "POST", "stripe/settle", { session: session.id, outcome: "succeeded" });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ id: session.id, status: "complete", payment_status: "paid" });
    await waitFor("async success", () => typesAbout(rcv, session.id).includes("checkout.session.async_payment_succeeded"));
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
    expect((await control(sb, "POST", "stripe/settle", { session: session.id, outcome: "succeeded" })).status).toBe(409);

    const other = await stripe.checkout.sessions.create(ticketSession());
    await submitCheckout(await openCheckout(other.url!), {}, "Pay by bank transfer");
    expect((await control(sb, "POST", "stripe/settle", { session: other.id, outcome: "failed" })).body).toMatchObject({ payment_status: "unpaid" });
    await waitFor("async failure", () => typesAbout(rcv, other.id).includes("checkout.session.async_payment_failed"));
  });

  it("expires a session through the API (open only) and through the control API; the page says so", async () => {
    const byApi = await stripe.checkout.sessions.create(ticketSession());
    const expired = await stripe.checkout.sessions.expire(byApi.id);
    expect([expired.status, expired.url]).toEqual(["expired", null]);
    const again = await stripe.checkout.sessions.expire(byApi.id).catch((e: Stripe.errors.StripeError) => e);
    expect(again).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError" });
    expect((await openCheckout(byApi.url!)).html).toContain("This Checkout Session has expired.");

    const byTime = await stripe.checkout.sessions.create(ticketSession());
    expect((await control(sb, "POST", "stripe/expire", { session: byTime.id })).body).toMatchObject({ id: byTime.id, status: "expired" });
    await waitFor("both expiries", () => typesAbout(rcv, byApi.id, byTime.id).filter((t) => t === "checkout.session.expired").length === 2);
    const paying = await fetch(`${sb.url}/checkout/pay/${byApi.id}`, {
      method: "POST",
      body: new URLSearchParams({ card_number: "4242424242424242", expiry: "12/34", cvc: "123", name: "Ana", action: "pay" }),
      redirect: "manual",
    });
    expect(paying.status).toBe(409);
  });

  it("expires a session on its own once the sandbox clock passes expires_at", async () => {
    // A minute beyond Stripe's least 30 minutes: the sandbox reads its clock a moment after this line, maybe in the next second.
    const session = await stripe.checkout.sessions.create(ticketSession({ expires_at: Math.floor(Date.now() / 1000) + 1860 }));
    await control(sb, "POST", "clock", { advanceSeconds: 1800 });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    await control(sb, "POST", "clock", { advanceSeconds: 61 });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
    await waitFor("the expiry event", () => typesAbout(rcv, session.id).includes("checkout.session.expired"));
  });

  it("shows the Stripe section on the inbox page and in inbox.json", async () => {
    const html = await (await fetch(`${sb.url}/`)).text();
    expect(html).toContain('<section id="stripe"><h2>Payments');
    expect(html).toContain("Checkout Sessions");
    expect(html).toContain("checkout.session.completed");
    expect(html).toContain("visa •••• 4242");
    const inbox = (await control<{ stripe: { sessions: Array<{ status: string; paymentStatus: string }>; deliveries: Array<{ eventType: string; status: number }> } }>(sb, "GET", "inbox.json")).body;
    expect(inbox.stripe.sessions.some((s) => s.status === "complete" && s.paymentStatus === "paid")).toBe(true);
    expect(inbox.stripe.deliveries.find((d) => d.eventType === "checkout.session.completed")).toMatchObject({ status: 200 });
  });
});
