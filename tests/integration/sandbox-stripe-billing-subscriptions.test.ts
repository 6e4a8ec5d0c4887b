// The sandbox's Stripe: subscriptions made by Checkout in subscription mode, their
// invoices and events, the clock control (renew, fail, pay, cancel) and the portal.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { CARD, openCheckout, startStripeWorld, stopStripeWorld, submitCheckout, waitFor, type Receiver } from "../sandbox/stripe-helpers";
import { clock, monthlyPlan, rejection, storedTypes, subscribe } from "./sandbox-stripe-billing-helpers";

let sb: Sandbox;
let stripe: Stripe;
let rcv: Receiver;

beforeAll(async () => {
  ({ sb, stripe, rcv } = await startStripeWorld());
});
afterAll(() => stopStripeWorld({ sb, rcv }));

const subOf = (session: Stripe.Checkout.Session) => session.subscription as string;
const eventsFor = (sub: string, type: string) =>
  rcv.verified().filter((e) => {
    const o = e.data.object as unknown as Record<string, unknown>;
    const parent = o.parent as { subscription_details?: { subscription?: string } } | null;
    return e.type === type && (o.id === sub || parent?.subscription_details?.subscription === sub);
  });

describe("Checkout in subscription mode", () => {
  it("makes a customer, an active subscription and its paid first invoice, in Stripe's event order", async () => {
    const price = await monthlyPlan(stripe);
    const checkout = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      customer_email: "mia@example.com",
      subscription_data: { metadata: { membership_id: "mem_1" } },
      success_url: "http://localhost:3000/members/welcome?session={CHECKOUT_SESSION_ID}",
    });
    expect(checkout).toMatchObject({ mode: "subscription", subscription: null, payment_method_types: ["card"], amount_total: 2500 });
    const form = await openCheckout(checkout.url!);
    expect(form.html).toContain("per month");
    expect(form.buttons.map((b) => b.text)).toEqual(["Pay"]);
    const res = await submitCheckout(form, { "Card number": "4242 4242 4242 4242", ...CARD }, "Pay");
    expect(res.status).toBe(303);

    const session = await stripe.checkout.sessions.retrieve(checkout.id, { expand: ["subscription", "invoice"] });
    expect(session).toMatchObject({ status: "complete", payment_status: "paid", customer: expect.stringMatching(/^cus_/), payment_intent: null });
    const sub = session.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({ object: "subscription", status: "active", customer: session.customer, cancel_at_period_end: false, metadata: { membership_id: "mem_1" }, collection_method: "charge_automatically" });
    const item = sub.items.data[0]!;
    expect(item).toMatchObject({ price: { id: price.id }, quantity: 1 });
    const start = new Date(item.current_period_start * 1000);
    const end = new Date(item.current_period_end * 1000);
    expect(end.getUTCMonth()).toBe((start.getUTCMonth() + 1) % 12);
    const invoice = session.invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      object: "invoice",
      status: "paid",
      billing_reason: "subscription_create",
      amount_paid: 2500,
      amount_remaining: 0,
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id, metadata: { membership_id: "mem_1" } } },
      number: expect.stringMatching(/^[A-Z0-9]{8}-0001$/),
    });
    expect(sub.latest_invoice).toBe(invoice.id);
    expect(invoice.lines.data[0]).toMatchObject({ amount: 2500, parent: { type: "subscription_item_details", subscription_item_details: { subscription: sub.id, subscription_item: item.id } } });
    expect(await stripe.customers.retrieve(session.customer as string)).toMatchObject({ email: "mia@example.com", name: "Ana Attendee" });

    expect(await storedTypes(stripe, sub.id)).toEqual([
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
      "customer.subscription.updated",
    ]);
    await waitFor("the subscription's events", () => eventsFor(sub.id, "customer.subscription.updated").length === 1 && eventsFor(sub.id, "invoice.paid").length === 1);
    const created = eventsFor(sub.id, "customer.subscription.created")[0]!;
    expect((created.data.object as Stripe.Subscription).status).toBe("incomplete");
    expect(eventsFor(sub.id, "customer.subscription.updated")[0]!.data.previous_attributes).toMatchObject({ status: "incomplete" });
    expect(rcv.received.every((r) => r.error === null)).toBe(true);
  });

  it("refuses a non-recurring price, an unknown price, and mixed intervals in subscription mode", async () => {
    const ticket = await stripe.prices.create({ currency: "chf", unit_amount: 4500, product_data: { name: "Ticket" } });
    const oneTime = await rejection(stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: ticket.id, quantity: 1 }], success_url: "http://localhost:3000/ok" }));
    expect([oneTime.statusCode, oneTime.message]).toEqual([400, "You must provide at least one recurring price in `subscription` mode when using prices."]);
    const unknown = await rejection(stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: "price_unknown00000000000000", quantity: 1 }], success_url: "http://localhost:3000/ok" }));
    expect([unknown.statusCode, unknown.code]).toEqual([400, "resource_missing"]);
    const monthly = await monthlyPlan(stripe);
    const yearly = await stripe.prices.create({ product: monthly.product as string, currency: "chf", unit_amount: 25000, recurring: { interval: "year" } });
    const mixed = await rejection(
      stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: monthly.id, quantity: 1 }, { price: yearly.id, quantity: 1 }], success_url: "http://localhost:3000/ok" }),
    );
    expect(mixed.message).toBe("Checkout does not support multiple prices with different billing intervals.");
    const intentData = await rejection(
      stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: monthly.id, quantity: 1 }], payment_intent_data: { description: "x" }, success_url: "http://localhost:3000/ok" }),
    );
    expect(intentData.param).toBe("payment_intent_data");
  });

  it("subscribes with price_data and a recurring interval; a declined card makes nothing", async () => {
    const checkout = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "noah@example.com",
      line_items: [{ price_data: { currency: "chf", unit_amount: 9900, product_data: { name: "Patron" }, recurring: { interval: "year" } }, quantity: 1 }],
      success_url: "http://localhost:3000/ok",
    });
    const declined = await submitCheckout(await openCheckout(checkout.url!), { "Card number": "4000 0000 0000 0002", ...CARD }, "Pay");
    expect(declined.status).toBe(402);
    expect((await stripe.customers.list({ email: "noah@example.com" })).data).toEqual([]);
    expect((await stripe.checkout.sessions.retrieve(checkout.id)).subscription).toBeNull();
    const res = await submitCheckout(await openCheckout(checkout.url!), { "Card number": "4242 4242 4242 4242", ...CARD }, "Pay");
    expect(res.status).toBe(303);
    const sub = await stripe.subscriptions.retrieve(subOf(await stripe.checkout.sessions.retrieve(checkout.id)));
    expect(sub.items.data[0]!.price).toMatchObject({ unit_amount: 9900, recurring: { interval: "year" }, active: false, type: "recurring" });
  });
});

describe("the subscription clock", () => {
  it("renews (paid), fails a renewal (past_due with the decline code), and a later renew makes it active again", async () => {
    const price = await monthlyPlan(stripe, 1500);
    const { session } = await subscribe(stripe, price.id);
    const id = subOf(session);
    const first = await stripe.subscriptions.retrieve(id);

    const renewed = await clock(sb, id, "renew");
    expect(renewed.status).toBe(200);
    expect(renewed.body.outcome).toBe("renewed");
    const afterRenew = await stripe.subscriptions.retrieve(id, { expand: ["latest_invoice"] });
    expect(afterRenew.items.data[0]!.current_period_start).toBe(first.items.data[0]!.current_period_end);
    expect(afterRenew.latest_invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle", amount_paid: 1500 });

    const failing = await clock(sb, id, "renew-failing", { decline_code: "insufficient_funds" });
    expect(failing.body.outcome).toBe("renewed");
    const pastDue = await stripe.subscriptions.retrieve(id, { expand: ["latest_invoice"] });
    expect(pastDue.status).toBe("past_due");
    const open = pastDue.latest_invoice as Stripe.Invoice;
    expect(open).toMatchObject({ status: "open", attempt_count: 1, attempted: true, amount_remaining: 1500, next_payment_attempt: expect.any(Number) });
    const failedIntent = await stripe.paymentIntents.retrieve(open.payments!.data[0]!.payment.payment_intent as string);
    expect(failedIntent.last_payment_error).toMatchObject({ code: "card_declined", decline_code: "insufficient_funds" });
    expect(await stripe.customers.retrieve(session.customer as string)).toMatchObject({ delinquent: true });

    await waitFor("invoice.payment_failed", () => eventsFor(id, "invoice.payment_failed").length === 1);
    await waitFor("the past_due update", () => eventsFor(id, "customer.subscription.updated").some((e) => (e.data.object as Stripe.Subscription).status === "past_due"));
    await waitFor("charge.failed", () => rcv.verified().some((e) => e.type === "charge.failed" && (e.data.object as Stripe.Charge).payment_intent === failedIntent.id));
    const charges = rcv.verified().filter((e) => e.type === "charge.failed" && (e.data.object as Stripe.Charge).payment_intent === failedIntent.id);
    expect((charges[0]!.data.object as Stripe.Charge).outcome).toMatchObject({ reason: "insufficient_funds", type: "issuer_declined" });

    const again = await clock(sb, id, "renew");
    expect(again.body.outcome).toBe("retried");
    const active = await stripe.subscriptions.retrieve(id, { expand: ["latest_invoice"] });
    expect(active.status).toBe("active");
    expect(active.latest_invoice).toMatchObject({ id: open.id, status: "paid", attempt_count: 2 });
    const types = await storedTypes(stripe, id);
    expect(types.slice(types.lastIndexOf("customer.subscription.created"))).toEqual([
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
      "customer.subscription.updated",
      "invoice.created",
      "customer.subscription.updated",
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice.created",
      "customer.subscription.updated",
      "invoice.finalized",
      "invoice.payment_failed",
      "customer.subscription.updated",
      "invoice.paid",
      "invoice.payment_succeeded",
      "customer.subscription.updated",
    ]);
  });

  it("pays an open invoice on request, cancels now, and refuses to move an ended subscription", async () => {
    const { session } = await subscribe(stripe, (await monthlyPlan(stripe)).id);
    const id = subOf(session);
    expect((await clock(sb, id, "pay")).status).toBe(409);
    await clock(sb, id, "renew-failing", { decline_code: "lost_card" });
    expect((await stripe.subscriptions.retrieve(id)).status).toBe("past_due");
    const paid = await clock(sb, id, "pay");
    expect([paid.status, paid.body.outcome]).toEqual([200, "paid"]);
    expect((await stripe.subscriptions.retrieve(id)).status).toBe("active");

    const ended = await clock(sb, id, "cancel");
    expect(ended.body.subscription).toMatchObject({ status: "canceled", ended_at: expect.any(Number), cancellation_details: { reason: "cancellation_requested" } });
    await waitFor("customer.subscription.deleted", () => eventsFor(id, "customer.subscription.deleted").length === 1);
    expect((await clock(sb, id, "renew")).status).toBe(409);
    expect((await clock(sb, id, "renew-failing", { decline_code: "nonsense" })).status).toBe(409);
    expect((await clock(sb, "sub_nothing", "renew")).status).toBe(404);
    const other = subOf((await subscribe(stripe, (await monthlyPlan(stripe)).id)).session);
    expect((await clock(sb, other, "renew-failing", { decline_code: "nonsense" })).status).toBe(400);
    expect((await clock(sb, other, "fast-forward")).status).toBe(400);
  });

  it("ends a subscription set to cancel at the period's end when the clock reaches it", async () => {
    const { session } = await subscribe(stripe, (await monthlyPlan(stripe)).id);
    const id = subOf(session);
    const set = await stripe.subscriptions.update(id, { cancel_at_period_end: true });
    expect(set).toMatchObject({ cancel_at_period_end: true, status: "active", cancel_at: set.items.data[0]!.current_period_end });
    await waitFor("the update", () => eventsFor(id, "customer.subscription.updated").some((e) => e.data.previous_attributes?.cancel_at_period_end === false));
    expect((await clock(sb, id, "renew")).body.outcome).toBe("ended");
    expect((await stripe.subscriptions.retrieve(id)).status).toBe("canceled");
    expect((await stripe.subscriptions.list({ customer: session.customer as string })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: session.customer as string, status: "canceled" })).data.map((s) => s.id)).toEqual([id]);
  });
});

describe("subscriptions through the API", () => {
  it("lists by customer and price, updates metadata, cancels, and answers 404s in Stripe's shape", async () => {
    const price = await monthlyPlan(stripe);
    const { session } = await subscribe(stripe, price.id);
    const id = subOf(session);
    expect((await stripe.subscriptions.list({ price: price.id })).data.map((s) => s.id)).toEqual([id]);
    expect((await stripe.subscriptions.update(id, { metadata: { note: "vip" } })).metadata).toEqual({ membership_id: "mem_1", note: "vip" });
    const canceled = await stripe.subscriptions.cancel(id);
    expect(canceled.status).toBe("canceled");
    const twice = await rejection(stripe.subscriptions.cancel(id));
    expect(twice.statusCode).toBe(404);
    const late = await rejection(stripe.subscriptions.update(id, { cancel_at_period_end: true }));
    expect([late.statusCode, late.message]).toEqual([400, "A canceled subscription can only update its cancellation_details and metadata."]);
    const missing = await rejection(stripe.subscriptions.retrieve("sub_doesNotExist000000000"));
    expect([missing.statusCode, missing.code, missing.message]).toEqual([404, "resource_missing", "No such subscription: 'sub_doesNotExist000000000'"]);
  });
});

describe("the customer portal", () => {
  it("opens for a customer; the member cancels at period end, keeps it, replaces the card and cancels now", async () => {
    const { session } = await subscribe(stripe, (await monthlyPlan(stripe)).id);
    const id = subOf(session);
    const portal = await stripe.billingPortal.sessions.create({ customer: session.customer as string, return_url: "http://localhost:3000/members" });
    expect(portal).toMatchObject({ object: "billing_portal.session", customer: session.customer, return_url: "http://localhost:3000/members", url: expect.stringMatching(new RegExp(`^${sb.url}/billing/p/session/`)) });
    const page = await fetch(portal.url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("mia@example.com");
    expect(html).toContain("visa •••• 4242");
    expect(html).toContain('href="http://localhost:3000/members"');

    const post = (fields: Record<string, string>) => fetch(portal.url, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
    expect((await post({ subscription: id, action: "cancel_at_period_end" })).status).toBe(303);
    expect((await stripe.subscriptions.retrieve(id)).cancel_at_period_end).toBe(true);
    expect((await post({ subscription: id, action: "resume" })).status).toBe(303);
    expect((await stripe.subscriptions.retrieve(id)).cancel_at_period_end).toBe(false);

    const declined = await post({ action: "update_card", card_number: "4000 0000 0000 0002", expiry: "12 / 34", cvc: "123", name: "Mia" });
    expect(declined.status).toBe(402);
    expect((await post({ action: "update_card", card_number: "5555 5555 5555 4444", expiry: "12 / 34", cvc: "123", name: "Mia" })).status).toBe(303);
    const customer = (await stripe.customers.retrieve(session.customer as string)) as Stripe.Customer;
    const sub = await stripe.subscriptions.retrieve(id);
    expect(sub.default_payment_method).toBe(customer.invoice_settings.default_payment_method);
    expect(await (await fetch(portal.url)).text()).toContain("mastercard •••• 4444");

    expect((await post({ subscription: id, action: "cancel_now" })).status).toBe(303);
    expect((await stripe.subscriptions.retrieve(id)).status).toBe("canceled");
    expect((await post({ subscription: id, action: "cancel_now" })).status).toBe(409);
    await waitFor("the portal's events", () => eventsFor(id, "customer.subscription.deleted").length === 1 && eventsFor(id, "customer.subscription.updated").length === 4);
    expect(eventsFor(id, "customer.subscription.updated").map((e) => e.data.previous_attributes)).toEqual(
      expect.arrayContaining([expect.objectContaining({ cancel_at_period_end: false }), expect.objectContaining({ cancel_at_period_end: true }), expect.objectContaining({ default_payment_method: expect.any(String) })]),
    );
  });

  it("tries a past-due invoice again on the new card; refuses an unknown customer and an unknown page", async () => {
    const { session } = await subscribe(stripe, (await monthlyPlan(stripe)).id);
    const id = subOf(session);
    await clock(sb, id, "renew-failing");
    expect((await stripe.subscriptions.retrieve(id)).status).toBe("past_due");
    const portal = await stripe.billingPortal.sessions.create({ customer: session.customer as string });
    expect(await (await fetch(portal.url)).text()).toContain("Invoices to pay");
    const res = await fetch(portal.url, { method: "POST", body: new URLSearchParams({ action: "update_card", card_number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123", name: "Mia" }), redirect: "manual" });
    expect(res.status).toBe(303);
    expect((await stripe.subscriptions.retrieve(id)).status).toBe("active");

    const unknown = await rejection(stripe.billingPortal.sessions.create({ customer: "cus_missing000000" }));
    expect([unknown.statusCode, unknown.param]).toEqual([400, "customer"]);
    expect((await fetch(`${sb.url}/billing/p/session/nothing`)).status).toBe(404);
  });
});
