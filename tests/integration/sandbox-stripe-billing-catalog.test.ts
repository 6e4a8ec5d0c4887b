// The sandbox's Stripe: customers, products and prices, and Checkout for a customer,
// driven with the official SDK and validated against Stripe's spec.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, requestsOf } from "../sandbox/helpers";
import { CARD, openCheckout, startStripeWorld, stopStripeWorld, submitCheckout, ticketSession, typesAbout, waitFor, type Receiver } from "../sandbox/stripe-helpers";
import { rejection } from "./sandbox-stripe-billing-helpers";

let sb: Sandbox;
let stripe: Stripe;
let rcv: Receiver;

beforeAll(async () => {
  ({ sb, stripe, rcv } = await startStripeWorld());
});
afterAll(() => stopStripeWorld({ sb, rcv }));

describe("customers", () => {
  it("creates, retrieves, updates (metadata merged) and deletes a customer, with signed events", async () => {
    const created = await stripe.customers.create({ email: "ana@example.com", name: "Ana Attendee", metadata: { org: "org_1", person: "p_1" } });
    expect(created).toMatchObject({ object: "customer", id: expect.stringMatching(/^cus_[A-Za-z0-9]{14}$/), email: "ana@example.com", name: "Ana Attendee", livemode: false, delinquent: false, discount: null, metadata: { org: "org_1", person: "p_1" } });
    expect(created.invoice_prefix).toMatch(/^[A-Z0-9]{8}$/);
    expect(await stripe.customers.retrieve(created.id)).toEqual(created);

    const updated = await stripe.customers.update(created.id, { name: "Ana A.", metadata: { person: "", tier: "gold" } });
    expect(updated).toMatchObject({ name: "Ana A.", metadata: { org: "org_1", tier: "gold" } });
    await waitFor("customer.updated", () => rcv.verified().find((e) => e.type === "customer.updated" && (e.data.object as Stripe.Customer).id === created.id));
    const update = rcv.verified().find((e) => e.type === "customer.updated" && (e.data.object as Stripe.Customer).id === created.id)!;
    expect(update.data.previous_attributes).toEqual({ name: "Ana Attendee", metadata: { org: "org_1", person: "p_1" } });

    expect(await stripe.customers.del(created.id)).toEqual({ id: created.id, object: "customer", deleted: true });
    expect(await stripe.customers.retrieve(created.id)).toEqual({ id: created.id, object: "customer", deleted: true });
    const err = await rejection(stripe.customers.update(created.id, { name: "x" }));
    expect([err.statusCode, err.code]).toEqual([404, "resource_missing"]);
    await waitFor("the three events", () => typesAbout(rcv, created.id).length >= 3);
    expect(typesAbout(rcv, created.id)).toEqual(expect.arrayContaining(["customer.created", "customer.updated", "customer.deleted"]));
  });

  it("lists by exact email and finds by search query; one e-mail, one customer to reuse", async () => {
    const a = await stripe.customers.create({ email: "ben@example.com", metadata: { org: "org_2" } });
    await stripe.customers.create({ email: "Ben@Example.com", metadata: { org: "org_3" } });
    await stripe.customers.create({ email: "cleo@example.com", name: "Cleo Benson" });
    const listed = await stripe.customers.list({ email: "ben@example.com" });
    expect(listed.data.map((c) => c.id)).toEqual([a.id]);

    const found = await stripe.customers.search({ query: "email:'ben@example.com'" });
    expect(found).toMatchObject({ object: "search_result", has_more: false, next_page: null, url: "/v1/customers/search" });
    expect(found.data).toHaveLength(2);
    const byOrg = await stripe.customers.search({ query: "email:'ben@example.com' AND metadata['org']:'org_2'" });
    expect(byOrg.data.map((c) => c.id)).toEqual([a.id]);
    const byName = await stripe.customers.search({ query: 'name~"Bens"' });
    expect(byName.data.map((c) => c.email)).toEqual(["cleo@example.com"]);

    const paged = await stripe.customers.search({ query: "email:'ben@example.com'", limit: 1 });
    expect(paged.has_more).toBe(true);
    const next = await stripe.customers.search({ query: "email:'ben@example.com'", limit: 1, page: paged.next_page! });
    expect(next.data[0]!.id).not.toBe(paged.data[0]!.id);
  });

  it("refuses a bad e-mail, a search it cannot parse and an unknown customer, in Stripe's shape", async () => {
    const bad = await rejection(stripe.customers.create({ email: "not-an-email" }));
    expect([bad.statusCode, bad.type, bad.param, bad.code]).toEqual([400, "StripeInvalidRequestError", "email", "email_invalid"]);
    const unparsable = await rejection(stripe.customers.search({ query: "email = ben" }));
    expect([unparsable.statusCode, unparsable.param]).toEqual([400, "query"]);
    const mixed = await rejection(stripe.customers.search({ query: "email:'a@b.c' AND name:'x' OR name:'y'" }));
    expect(mixed.statusCode).toBe(400);
    const missing = await rejection(stripe.customers.retrieve("cus_doesNotExist12"));
    expect([missing.statusCode, missing.code, missing.message]).toEqual([404, "resource_missing", "No such customer: 'cus_doesNotExist12'"]);
  });

  it("checks requests against Stripe's spec and injects faults on the new endpoints", async () => {
    const res = await fetch(`${sb.url}/v1/customers`, { method: "POST", headers: { authorization: "Bearer sk_test_sandboxTestKey123", "content-type": "application/x-www-form-urlencoded" }, body: "balance=lots" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", param: "balance" } });
    const logged = (await requestsOf(sb, "stripe")).filter((r) => r.path === "/v1/customers");
    expect(logged.at(-1)).toMatchObject({ operation: "stripe PostCustomers" });

    await control(sb, "POST", "faults", { provider: "stripe", match: "/v1/prices", kind: "status", status: 503 });
    const failed = await rejection(stripe.prices.list());
    expect([failed.statusCode, failed.raw]).toEqual([503, expect.objectContaining({ type: "api_error" })]);
    expect((await stripe.prices.list()).object).toBe("list");
  });
});

describe("products and prices", () => {
  it("creates a product with a monthly and a yearly price, lists and filters them, and retires one", async () => {
    const product = await stripe.products.create({ name: "Festival membership", description: "All year", metadata: { org: "org_1" } });
    expect(product).toMatchObject({ object: "product", id: expect.stringMatching(/^prod_/), name: "Festival membership", active: true, default_price: null, package_dimensions: null });
    const monthly = await stripe.prices.create({ product: product.id, currency: "CHF", unit_amount: 1500, recurring: { interval: "month" }, nickname: "Monthly", lookup_key: "festival_monthly" });
    const yearly = await stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 15000, recurring: { interval: "year" } });
    expect(monthly).toMatchObject({
      object: "price",
      product: product.id,
      currency: "chf",
      unit_amount: 1500,
      unit_amount_decimal: "1500",
      type: "recurring",
      active: true,
      recurring: { interval: "month", interval_count: 1, usage_type: "licensed" },
      transform_quantity: null,
      custom_unit_amount: null,
    });
    expect(yearly.recurring).toMatchObject({ interval: "year", interval_count: 1 });

    const oneTime = await stripe.prices.create({ currency: "chf", unit_amount: 4500, product_data: { name: "Day ticket" } });
    expect(oneTime).toMatchObject({ type: "one_time", recurring: null, product: expect.stringMatching(/^prod_/) });

    const recurring = await stripe.prices.list({ product: product.id, type: "recurring" });
    expect(recurring.data.map((p) => p.id)).toEqual([yearly.id, monthly.id]);
    expect((await stripe.prices.list({ lookup_keys: ["festival_monthly"] })).data.map((p) => p.id)).toEqual([monthly.id]);
    const expanded = await stripe.prices.retrieve(monthly.id, { expand: ["product"] });
    expect((expanded.product as Stripe.Product).name).toBe("Festival membership");

    const retired = await stripe.prices.update(monthly.id, { active: false });
    expect(retired.active).toBe(false);
    expect((await stripe.prices.list({ product: product.id, active: true })).data.map((p) => p.id)).toEqual([yearly.id]);
    const withDefault = await stripe.products.update(product.id, { default_price: yearly.id });
    expect(withDefault.default_price).toBe(yearly.id);
    await waitFor("price.updated", () => rcv.verified().find((e) => e.type === "price.updated" && (e.data.object as Stripe.Price).id === monthly.id));
    const ev = rcv.verified().find((e) => e.type === "price.updated" && (e.data.object as Stripe.Price).id === monthly.id)!;
    expect(ev.data.previous_attributes).toEqual({ active: true });
  });

  it("refuses what Stripe refuses: an unknown product, no product, a bad interval, a changed amount, a taken lookup key", async () => {
    const unknown = await rejection(stripe.prices.create({ product: "prod_nothingHere1", currency: "chf", unit_amount: 100 }));
    expect([unknown.statusCode, unknown.code, unknown.param]).toEqual([400, "resource_missing", "product"]);
    const none = await rejection(stripe.prices.create({ currency: "chf", unit_amount: 100 }));
    expect(none.statusCode).toBe(400);
    const badInterval = await rejection(stripe.prices.create({ currency: "chf", unit_amount: 100, product_data: { name: "x" }, recurring: { interval: "fortnight" as "month" } }));
    expect([badInterval.statusCode, badInterval.param]).toEqual([400, "recurring[interval]"]);
    const tooLong = await rejection(stripe.prices.create({ currency: "chf", unit_amount: 100, product_data: { name: "x" }, recurring: { interval: "year", interval_count: 4 } }));
    expect(tooLong.param).toBe("recurring[interval_count]");
    const price = await stripe.prices.create({ currency: "chf", unit_amount: 100, product_data: { name: "x" }, lookup_key: "taken" });
    const taken = await rejection(stripe.prices.create({ currency: "chf", unit_amount: 200, product_data: { name: "y" }, lookup_key: "taken" }));
    expect([taken.statusCode, taken.param]).toEqual([400, "lookup_key"]);
    const changed = await rejection(stripe.prices.update(price.id, { unit_amount: 300 } as Stripe.PriceUpdateParams));
    expect(changed.statusCode).toBe(400);
    const missing = await rejection(stripe.products.retrieve("prod_nothingHere1"));
    expect([missing.statusCode, missing.message]).toEqual([404, "No such product: 'prod_nothingHere1'"]);
  });
});

describe("Checkout for a customer", () => {
  it("takes a customer (its e-mail shown, not asked) and a catalogue price; the payment names the customer", async () => {
    const customer = await stripe.customers.create({ email: "dora@example.com", name: "Dora" });
    const ticket = await stripe.prices.create({ currency: "chf", unit_amount: 4500, product_data: { name: "Launch — General admission" } });
    const session = await stripe.checkout.sessions.create({ mode: "payment", customer: customer.id, line_items: [{ price: ticket.id, quantity: 2 }], success_url: "http://localhost:3000/thanks" });
    expect(session).toMatchObject({ customer: customer.id, customer_email: null, amount_total: 9000, mode: "payment" });
    const form = await openCheckout(session.url!);
    expect(form.html).toContain("dora@example.com");
    expect(Object.keys(form.fields)).not.toContain("Email");
    const res = await submitCheckout(form, { "Card number": "4242 4242 4242 4242", ...CARD }, "Pay");
    expect(res.status).toBe(303);
    const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent", "line_items"] });
    expect(paid).toMatchObject({ status: "complete", customer: customer.id, customer_details: expect.objectContaining({ email: "dora@example.com" }) });
    expect((paid.payment_intent as Stripe.PaymentIntent).customer).toBe(customer.id);
    expect(paid.line_items!.data[0]!.price).toMatchObject({ id: ticket.id, active: true });
  });

  it("keeps customer_email behaviour, and makes a customer with customer_creation=always", async () => {
    const guest = await stripe.checkout.sessions.create(ticketSession());
    expect(guest).toMatchObject({ customer: null, customer_email: "ana@example.com", customer_creation: "if_required" });
    const always = await stripe.checkout.sessions.create(ticketSession({ customer_email: "eve@example.com", customer_creation: "always" }));
    await submitCheckout(await openCheckout(always.url!), { "Card number": "4242 4242 4242 4242", ...CARD }, "Pay");
    const done = await stripe.checkout.sessions.retrieve(always.id);
    expect(done.customer).toMatch(/^cus_/);
    expect(await stripe.customers.retrieve(done.customer as string)).toMatchObject({ email: "eve@example.com", name: "Ana Attendee" });
  });

  it("refuses an unknown price or customer, both customer and customer_email, and a recurring price in payment mode", async () => {
    const unknownPrice = await rejection(stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: "price_missing000000000000", quantity: 1 }], success_url: "http://localhost:3000/ok" }));
    expect([unknownPrice.statusCode, unknownPrice.code, unknownPrice.param, unknownPrice.message]).toEqual([400, "resource_missing", "line_items[0][price]", "No such price: 'price_missing000000000000'"]);
    const unknownCustomer = await rejection(stripe.checkout.sessions.create(ticketSession({ customer_email: undefined, customer: "cus_missing000000" })));
    expect([unknownCustomer.statusCode, unknownCustomer.param]).toEqual([400, "customer"]);
    const customer = await stripe.customers.create({ email: "fay@example.com" });
    const both = await rejection(stripe.checkout.sessions.create(ticketSession({ customer: customer.id })));
    expect(both.message).toBe("You may only specify one of these parameters: customer, customer_email.");
    const monthly = await stripe.prices.create({ currency: "chf", unit_amount: 1000, product_data: { name: "m" }, recurring: { interval: "month" } });
    const recurring = await rejection(stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: monthly.id, quantity: 1 }], success_url: "http://localhost:3000/ok" }));
    expect(recurring.message).toContain("You specified `payment` mode but passed a recurring price");
    const inactive = await stripe.prices.update((await stripe.prices.create({ currency: "chf", unit_amount: 1000, product_data: { name: "old" } })).id, { active: false });
    const retired = await rejection(stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: inactive.id, quantity: 1 }], success_url: "http://localhost:3000/ok" }));
    expect(retired.message).toBe("The price specified is inactive. This field only accepts active prices.");
  });
});
