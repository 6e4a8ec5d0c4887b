// The sandbox's Stripe: invoices for a company (send_invoice with days until due),
// finalize, send, pay (API, hosted page, out of band), void, uncollectible, overdue.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control } from "../sandbox/helpers";
import { CARD, openCheckout, startStripeWorld, stopStripeWorld, submitCheckout, typesAbout, waitFor, type Receiver } from "../sandbox/stripe-helpers";
import { rejection, storedTypes } from "./sandbox-stripe-billing-helpers";

let sb: Sandbox;
let stripe: Stripe;
let rcv: Receiver;

beforeAll(async () => {
  ({ sb, stripe, rcv } = await startStripeWorld());
});
afterAll(() => stopStripeWorld({ sb, rcv }));

/** A company's draft invoice for `quantity` tickets at CHF 120. */
async function companyInvoice(quantity = 5, metadata: Record<string, string> = { order_id: "ord_9" }) {
  const company = await stripe.customers.create({ email: "billing@acme.example", name: "Acme AG" });
  const product = await stripe.products.create({ name: "Launch — General admission" });
  const invoice = await stripe.invoices.create({ customer: company.id, collection_method: "send_invoice", days_until_due: 14, metadata, description: "Tickets for Acme" });
  const item = await stripe.invoiceItems.create({ customer: company.id, invoice: invoice.id, price_data: { currency: "chf", product: product.id, unit_amount: 12000 }, quantity, description: "General admission" });
  return { company, invoice, item };
}

/** Pays a hosted invoice page as a person would: the form, the test card. */
async function payHosted(url: string, card = "4242 4242 4242 4242") {
  const form = await openCheckout(url);
  const pay = form.buttons.find((b) => b.text.startsWith("Pay "));
  if (!pay) throw new Error("no Pay button on the invoice page");
  return { html: form.html, res: await submitCheckout(form, { "Card number": card, ...CARD }, pay.text) };
}

describe("invoices for a company", () => {
  it("drafts, finalizes (numbered, due in 14 days), sends, and is paid on the hosted page; metadata kept", async () => {
    const { company, invoice, item } = await companyInvoice();
    expect(invoice).toMatchObject({ object: "invoice", status: "draft", collection_method: "send_invoice", customer: company.id, number: null, hosted_invoice_url: null, parent: null, metadata: { order_id: "ord_9" } });
    expect(item).toMatchObject({ object: "invoiceitem", invoice: invoice.id, amount: 60000, quantity: 5 });

    const open = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(open).toMatchObject({ status: "open", amount_due: 60000, amount_remaining: 60000, number: expect.stringMatching(/-0001$/), customer_email: "billing@acme.example", customer_name: "Acme AG" });
    expect(open.due_date! - open.status_transitions.finalized_at!).toBe(14 * 86400);
    expect(open.lines.data[0]).toMatchObject({ amount: 60000, quantity: 5, description: "General admission", parent: { type: "invoice_item_details", invoice_item_details: { invoice_item: item.id } } });
    const sent = await stripe.invoices.sendInvoice(invoice.id);
    expect(sent.status).toBe("open");

    const declined = await payHosted(open.hosted_invoice_url!, "4000 0000 0000 9995");
    expect(declined.html).toContain("Acme AG");
    expect(declined.html).toContain("CHF 600.00");
    expect(declined.res.status).toBe(402);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe("open");
    const paid = await payHosted(open.hosted_invoice_url!);
    expect(paid.res.status).toBe(303);
    const done = await stripe.invoices.retrieve(invoice.id);
    expect(done).toMatchObject({ status: "paid", amount_paid: 60000, amount_remaining: 0, metadata: { order_id: "ord_9" }, status_transitions: { paid_at: expect.any(Number) } });
    expect(await (await fetch(open.hosted_invoice_url!)).text()).toContain("This invoice has been paid.");

    expect(await storedTypes(stripe, invoice.id, "invoice.")).toEqual(["invoice.created", "invoice.finalized", "invoice.sent", "invoice.payment_failed", "invoice.paid", "invoice.payment_succeeded"]);
    await waitFor("invoice.paid", () => typesAbout(rcv, invoice.id).includes("invoice.paid"));
    const event = rcv.verified().find((e) => e.type === "invoice.paid" && (e.data.object as Stripe.Invoice).id === invoice.id)!;
    expect((event.data.object as Stripe.Invoice).metadata).toEqual({ order_id: "ord_9" });
  });

  it("takes pending items only when asked, and pays by API with the saved card or out of band", async () => {
    const company = await stripe.customers.create({ email: "ap@globex.example", name: "Globex" });
    await stripe.invoiceItems.create({ customer: company.id, amount: 30000, currency: "chf", description: "Workshop seats" });
    const empty = await stripe.invoices.create({ customer: company.id, collection_method: "send_invoice", days_until_due: 30 });
    expect(empty.lines.data).toEqual([]);
    await stripe.invoices.del(empty.id);
    const withItems = await stripe.invoices.create({ customer: company.id, collection_method: "send_invoice", days_until_due: 30, pending_invoice_items_behavior: "include" });
    expect(withItems.lines.data.map((l) => l.amount)).toEqual([30000]);
    expect((await stripe.invoiceItems.list({ customer: company.id, pending: true })).data).toEqual([]);

    const noCard = await rejection(stripe.invoices.pay(withItems.id));
    expect([noCard.statusCode, noCard.code]).toEqual([400, "invoice_no_customer_payment_method"]);
    const outOfBand = await stripe.invoices.pay(withItems.id, { paid_out_of_band: true });
    expect(outOfBand).toMatchObject({ status: "paid", amount_paid: 30000 });
    const again = await rejection(stripe.invoices.pay(withItems.id));
    expect([again.statusCode, again.code]).toEqual([400, "invoice_already_paid"]);
  });

  it("voids an open invoice (invoice.voided) and refuses to pay, void or change it afterwards", async () => {
    const { invoice } = await companyInvoice(3, { order_id: "ord_void" });
    const draftVoid = await rejection(stripe.invoices.voidInvoice(invoice.id));
    expect(draftVoid.statusCode).toBe(400);
    await stripe.invoices.finalizeInvoice(invoice.id);
    const voided = await stripe.invoices.voidInvoice(invoice.id);
    expect(voided).toMatchObject({ status: "void", amount_due: 0, amount_remaining: 0, status_transitions: { voided_at: expect.any(Number) }, metadata: { order_id: "ord_void" } });
    const pay = await rejection(stripe.invoices.pay(invoice.id));
    expect([pay.statusCode, pay.code, pay.message]).toEqual([400, "invoice_not_payable", "This invoice can no longer be paid: it is void."]);
    expect((await rejection(stripe.invoices.voidInvoice(invoice.id))).statusCode).toBe(400);
    expect((await rejection(stripe.invoices.finalizeInvoice(invoice.id))).statusCode).toBe(400);
    const hosted = await fetch(voided.hosted_invoice_url!);
    expect(await hosted.text()).toContain("This invoice has been voided");
    await waitFor("invoice.voided", () => typesAbout(rcv, invoice.id).includes("invoice.voided"));
  });

  it("makes an open invoice overdue once (control, or when the sandbox clock passes the due date); marks one uncollectible", async () => {
    const { invoice } = await companyInvoice(2);
    expect((await control(sb, "POST", "stripe/invoice-overdue", { invoice: invoice.id })).status).toBe(409);
    await stripe.invoices.finalizeInvoice(invoice.id);
    const overdue = await control<Stripe.Invoice>(sb, "POST", "stripe/invoice-overdue", { invoice: invoice.id });
    expect(overdue.status).toBe(200);
    expect(overdue.body.due_date).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 5);
    expect((await control(sb, "POST", "stripe/invoice-overdue", { invoice: invoice.id })).status).toBe(409);
    await waitFor("invoice.overdue", () => typesAbout(rcv, invoice.id).includes("invoice.overdue"));
    expect(typesAbout(rcv, invoice.id).filter((t) => t === "invoice.overdue")).toHaveLength(1);
    expect((await control(sb, "POST", "stripe/invoice-overdue", { invoice: "in_nothing" })).status).toBe(404);

    const next = await companyInvoice(1);
    await stripe.invoices.finalizeInvoice(next.invoice.id);
    await control(sb, "POST", "clock", { advanceSeconds: 15 * 86400 });
    await stripe.balance.retrieve();
    await waitFor("the clock's invoice.overdue", () => typesAbout(rcv, next.invoice.id).includes("invoice.overdue"));

    const bad = await companyInvoice(1);
    await stripe.invoices.finalizeInvoice(bad.invoice.id);
    expect((await stripe.invoices.markUncollectible(bad.invoice.id)).status).toBe("uncollectible");
    await waitFor("invoice.marked_uncollectible", () => typesAbout(rcv, bad.invoice.id).includes("invoice.marked_uncollectible"));
  });

  it("refuses what Stripe refuses: no due terms, an unknown customer, items on a finalized invoice, 404s", async () => {
    const company = await stripe.customers.create({ email: "x@initech.example" });
    const noTerms = await rejection(stripe.invoices.create({ customer: company.id, collection_method: "send_invoice" }));
    expect([noTerms.statusCode, noTerms.param]).toEqual([400, "days_until_due"]);
    const unknown = await rejection(stripe.invoices.create({ customer: "cus_nobody0000000" }));
    expect([unknown.statusCode, unknown.code, unknown.param]).toEqual([400, "resource_missing", "customer"]);
    const { invoice } = await companyInvoice(1);
    await stripe.invoices.finalizeInvoice(invoice.id);
    const late = await rejection(stripe.invoiceItems.create({ customer: invoice.customer as string, invoice: invoice.id, amount: 100, currency: "chf" }));
    expect([late.statusCode, late.code]).toEqual([400, "invoice_not_editable"]);
    const missing = await rejection(stripe.invoices.retrieve("in_doesNotExist0000000000"));
    expect([missing.statusCode, missing.message]).toEqual([404, "No such invoice: 'in_doesNotExist0000000000'"]);
    expect((await fetch(`${sb.url}/billing/invoice/nothing`)).status).toBe(404);
    const listed = await stripe.invoices.list({ customer: invoice.customer as string, status: "open" });
    expect(listed.data.map((i) => i.id)).toEqual([invoice.id]);
    const lines = await stripe.invoices.listLineItems(invoice.id);
    expect(lines.data).toHaveLength(1);
  });
});
