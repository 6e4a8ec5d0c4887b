// Orders invoiced to a company, on a real Postgres: the places held like a
// checkout's hold but without its expiry, the invoice's state applied however
// often and in whatever order it is reported, and no place sold twice when
// invoices and checkouts race for the last ones. The provider's half (Stripe,
// through the sandbox) is tests/integration/stripe-invoices.test.ts.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { releaseExpiredHolds } from "@/lib/domain/orders/settle";
import { holdInvoicedOrder } from "@/lib/invoices/hold";
import { applyInvoiceState, type InvoiceActions, type InvoiceState } from "@/lib/invoices/state";
import { recordIssued, recordIssueFailed, recordIssueUnconfirmed } from "@/lib/invoices/store";
import type { OrderRow } from "@/lib/db/schema";
import { insertConnection } from "../helpers/connections";
import { makePublishedEvent } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
let gateway: { provider: string; connectionId: string };
let source: { orgId: string; provider: string; connectionId: string };

beforeAll(async () => {
  const connection = await insertConnection(t.db, { orgId: t.orgId, connectorId: "stripe" });
  gateway = { provider: "stripe", connectionId: connection.id };
  source = { orgId: t.orgId, ...gateway };
});

const company = (ticketTypeId: string, quantity: number) => ({
  companyName: "Acme AG",
  billingEmail: "Accounts@Acme.example",
  reference: "PO-1234",
  ticketTypeId,
  quantity,
  daysUntilDue: "",
  attempt: randomUUID(),
});

/** Holds and "issues" an invoice as the provider would have answered. */
async function invoiced(eventId: string, ticketTypeId: string, quantity: number) {
  const held = await holdInvoicedOrder(t.db, t.orgId, eventId, company(ticketTypeId, quantity), gateway, null);
  const invoiceId = `in_${randomUUID().replace(/-/g, "").slice(0, 24)}`;
  await recordIssued(t.db, held.order.id, { paymentCustomerId: await customerRow(), invoiceId, hostedUrl: `https://invoice.example/${invoiceId}`, dueAt: new Date(Date.now() + 14 * 86_400_000) });
  return { ...held, invoiceId };
}

async function customerRow(): Promise<string> {
  const row = await t.db
    .insertInto("payment_customers")
    .values({ org_id: t.orgId, connection_id: gateway.connectionId, email: `acme-${randomUUID()}@acme.example`, provider_customer_id: `cus_${randomUUID().slice(0, 14)}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function state(orderId: string, invoiceId: string, over: Partial<InvoiceState> = {}): InvoiceState {
  return {
    invoiceId,
    orderId,
    status: "open",
    dueAt: new Date(Date.now() + 14 * 86_400_000),
    hostedUrl: `https://invoice.example/${invoiceId}`,
    amountPaidMinor: 0,
    currency: "eur",
    paymentIntentId: null,
    chargeId: null,
    ...over,
  };
}

const paidState = (orderId: string, invoiceId: string, amount: number) =>
  state(orderId, invoiceId, { status: "paid", amountPaidMinor: amount, paymentIntentId: `pi_${invoiceId.slice(3)}`, chargeId: `ch_${invoiceId.slice(3)}` });

/** Nothing is asked of the provider: a refund or a void here would be a defect. */
const noActions: InvoiceActions = {
  refundInFull: async () => {
    throw new Error("no refund expected");
  },
  voidInvoice: async () => {
    throw new Error("no void expected");
  },
};

/** The provider voids whatever it is asked to; the ids it was asked for, in order. */
function voidingProvider() {
  const voided: string[] = [];
  const actions: InvoiceActions = { ...noActions, voidInvoice: async (id) => void voided.push(id) };
  return { voided, actions };
}

async function orderOf(id: string) {
  return t.db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}
async function attendeesOf(orderId: string) {
  return t.db.selectFrom("attendees").select(["name", "email", "status"]).where("order_id", "=", orderId).orderBy("name").execute();
}
async function invoiceRow(orderId: string) {
  return t.db.selectFrom("order_invoices").selectAll().where("order_id", "=", orderId).executeTakeFirstOrThrow();
}
async function facts(orderId: string) {
  return (await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", orderId).execute()).map((f) => f.type);
}

describe("invoiced orders", () => {
  it("holds N places in a pending order without a checkout expiry, named after the company until it names the holders", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 10 });
    const held = await holdInvoicedOrder(t.db, t.orgId, event.id, company(ticketType.id, 3), gateway, null);
    expect(held.order).toMatchObject({ status: "pending", total_minor: 12000, buyer_name: "Acme AG", buyer_email: "accounts@acme.example", hold_expires_at: null, payment_provider: "stripe" });
    expect(held.invoice).toMatchObject({ status: "issuing", days_until_due: 14, reference: "PO-1234", company_name: "Acme AG" });
    expect((await attendeesOf(held.order.id)).map((a) => [a.name, a.email, a.status])).toEqual([
      ["Acme AG ticket 1 of 3", "accounts@acme.example", "pending"],
      ["Acme AG ticket 2 of 3", "accounts@acme.example", "pending"],
      ["Acme AG ticket 3 of 3", "accounts@acme.example", "pending"],
    ]);
    // The same submit again finds the same order.
    const again = await holdInvoicedOrder(t.db, t.orgId, event.id, { ...company(ticketType.id, 3), attempt: held.order.client_reference }, gateway, null);
    expect(again).toMatchObject({ existing: true, order: { id: held.order.id } });
    // The checkout sweep never releases it, even long after any checkout hold would have run out.
    await t.db.updateTable("orders").set({ hold_expires_at: new Date(Date.now() - 86_400_000) }).where("id", "=", held.order.id).execute();
    await releaseExpiredHolds(t.db, new Date(Date.now() + 30 * 86_400_000));
    expect((await orderOf(held.order.id)).status).toBe("pending");
  });

  it("refuses what cannot be invoiced, naming the field", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "0" });
    const free = await holdInvoicedOrder(t.db, t.orgId, event.id, company(ticketType.id, 2), gateway, null).catch((e) => e);
    expect(free).toBeInstanceOf(ValidationError);
    expect((free as ValidationError).fieldErrors.ticketTypeId?.[0]).toMatch(/Free tickets need no invoice/);
    const bad = await holdInvoicedOrder(t.db, t.orgId, event.id, { ...company(ticketType.id, 0), billingEmail: "nope", daysUntilDue: "400" }, gateway, null).catch((e) => e);
    expect(Object.keys((bad as ValidationError).fieldErrors).sort()).toEqual(["billingEmail", "daysUntilDue", "quantity"]);
  });

  it("settles on paid: tickets valid, ticket.purchased told once, however often and late the callbacks come", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40" });
    const { order, invoiceId } = await invoiced(event.id, ticketType.id, 5);
    expect((await invoiceRow(order.id)).status).toBe("open");
    expect((await orderOf(order.id)).checkout_id).toBe(invoiceId);

    // "finalized"/"sent" reported after the payment, then the payment three times.
    const paid = paidState(order.id, invoiceId, 20000);
    expect(await applyInvoiceState(t.db, source, paid, noActions)).toEqual({ kind: "processed", text: "invoice paid: order paid; tickets issued" });
    for (let i = 0; i < 3; i++) expect((await applyInvoiceState(t.db, source, paid, noActions)).text).toBe("invoice paid: order already paid");
    expect((await orderOf(order.id)).status).toBe("paid");
    expect((await attendeesOf(order.id)).every((a) => a.status === "paid")).toBe(true);
    expect(await facts(order.id)).toEqual(["ticket.purchased"]);
    expect((await invoiceRow(order.id)).status).toBe("paid");
    expect((await orderOf(order.id)).payment_intent_id).toBe(paid.paymentIntentId);
  });

  it("releases the places when the invoice is voided, marked uncollectible or past due, and tells nothing", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 6 });
    const voided = await invoiced(event.id, ticketType.id, 2);
    const written = await invoiced(event.id, ticketType.id, 2);
    const late = await invoiced(event.id, ticketType.id, 2);
    await expect(createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "stripe")).rejects.toThrow("Sold out");

    expect((await applyInvoiceState(t.db, source, state(voided.order.id, voided.invoiceId, { status: "void" }), noActions)).text).toBe("invoice was voided; held places released");
    expect((await applyInvoiceState(t.db, source, state(written.order.id, written.invoiceId, { status: "uncollectible" }), noActions)).text).toBe("invoice was marked uncollectible; held places released");
    // Still open at the provider, but past its due date: voided there before its places go back on sale.
    const overdue = state(late.order.id, late.invoiceId, { dueAt: new Date(Date.now() - 1000) });
    const provider = voidingProvider();
    expect((await applyInvoiceState(t.db, source, overdue, provider.actions)).text).toBe("invoice is past due and was voided; held places released");
    expect((await applyInvoiceState(t.db, source, overdue, provider.actions)).text).toBe("invoice is past due and was voided; the order had no held places left to release");
    expect(provider.voided).toEqual([late.invoiceId, late.invoiceId]);

    for (const o of [voided, written, late]) {
      expect((await orderOf(o.order.id)).status).toBe("cancelled");
      expect((await attendeesOf(o.order.id)).every((a) => a.status === "cancelled")).toBe(true);
      expect(await facts(o.order.id)).toEqual([]);
    }
    expect((await invoiceRow(late.order.id)).status).toBe("void");
    await createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 6 }] }, "stripe");
  });

  it("keeps the places of a past-due invoice held when the provider refuses to void it (paid meanwhile), and settles on the next read", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 2 });
    const o = await invoiced(event.id, ticketType.id, 2);
    const refused: InvoiceActions = {
      ...noActions,
      voidInvoice: async () => {
        throw new Error("Stripe: You cannot void an invoice that is paid.");
      },
    };
    const overdue = state(o.order.id, o.invoiceId, { dueAt: new Date(Date.now() - 1000) });
    await expect(applyInvoiceState(t.db, source, overdue, refused)).rejects.toThrow("You cannot void an invoice that is paid.");
    // Nothing released, nothing mirrored: the invoice is still shown as open and its places are taken.
    expect((await orderOf(o.order.id)).status).toBe("pending");
    expect((await attendeesOf(o.order.id)).map((a) => a.status)).toEqual(["pending", "pending"]);
    expect((await invoiceRow(o.order.id)).status).toBe("open");
    await expect(createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "stripe")).rejects.toThrow("Sold out");

    // The next read finds it paid: the company gets its tickets, with no refund.
    expect((await applyInvoiceState(t.db, source, paidState(o.order.id, o.invoiceId, 8000), refused)).text).toBe("invoice paid: order paid; tickets issued");
    expect((await attendeesOf(o.order.id)).map((a) => a.status)).toEqual(["paid", "paid"]);
    expect(await facts(o.order.id)).toEqual(["ticket.purchased"]);
  });

  it("does not reopen an invoice whose issuing was given up: a late answer from the provider leaves it failed", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 2 });
    const held = await holdInvoicedOrder(t.db, t.orgId, event.id, company(ticketType.id, 2), gateway, null);
    const customer = await customerRow();
    const issued = { paymentCustomerId: customer, invoiceId: "in_lateanswer0000000000001", hostedUrl: "https://invoice.example/late", dueAt: new Date(Date.now() + 14 * 86_400_000) };

    // Not confirmed yet: the row keeps holding, with the reason shown.
    await recordIssueUnconfirmed(t.db, held.order.id, "Stripe could not be asked yet.");
    expect(await invoiceRow(held.order.id)).toMatchObject({ status: "issuing", last_error: "Stripe could not be asked yet." });

    await recordIssueFailed(t.db, held.order.id, "The invoice could not be issued (Stripe: boom).");
    // A second failure (the sweep after the request) keeps the first reason.
    await recordIssueFailed(t.db, held.order.id, "something else");
    await recordIssued(t.db, held.order.id, issued);
    expect(await invoiceRow(held.order.id)).toMatchObject({ status: "failed", invoice_id: null, hosted_url: null, last_error: "The invoice could not be issued (Stripe: boom)." });
    expect(await orderOf(held.order.id)).toMatchObject({ checkout_id: null, payment_customer_id: null });
  });

  it("keeps the places held for an open invoice before its due date, and ignores a draft or another order's invoice", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40" });
    const { order, invoiceId } = await invoiced(event.id, ticketType.id, 2);
    expect((await applyInvoiceState(t.db, source, state(order.id, invoiceId), noActions)).text).toBe("invoice open; its places stay held until it is paid");
    expect((await applyInvoiceState(t.db, source, state(order.id, invoiceId, { status: "draft" }), noActions)).kind).toBe("ignored");
    // An invoice that names our order but is not its invoice, and one of another connection, settle nothing.
    const forged = await applyInvoiceState(t.db, source, paidState(order.id, "in_forged000000000000000", 8000), noActions);
    expect(forged.kind).toBe("ignored");
    const elsewhere = await insertConnection(t.db, { orgId: t.orgId, connectorId: "paypal" });
    expect((await applyInvoiceState(t.db, { ...source, connectionId: elsewhere.id }, paidState(order.id, invoiceId, 8000), noActions)).kind).toBe("ignored");
    // A payment of another amount is recorded on the order, never settled.
    const wrong = await applyInvoiceState(t.db, source, paidState(order.id, invoiceId, 100), noActions);
    expect(wrong.text).toMatch(/Payment not accepted: it was for €1\.00, but the order is for €80\.00/);
    expect((await orderOf(order.id)).status).toBe("pending");
    expect((await invoiceRow(order.id)).status).toBe("open");
  });

  it("a payment after the places were released takes them again while free, and is refunded once they are sold", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 4 });
    const free = await invoiced(event.id, ticketType.id, 2);
    const sold = await invoiced(event.id, ticketType.id, 2);
    // Marked uncollectible, which releases the places but leaves the invoice payable at the provider.
    for (const o of [free, sold]) await applyInvoiceState(t.db, source, state(o.order.id, o.invoiceId, { status: "uncollectible" }), noActions);

    // Paid late while its places are still free: the company gets its tickets.
    expect((await applyInvoiceState(t.db, source, paidState(free.order.id, free.invoiceId, 8000), noActions)).text).toBe("invoice paid: order paid; tickets issued");
    expect((await attendeesOf(free.order.id)).map((a) => a.status)).toEqual(["paid", "paid"]);

    // The other's places went to a buyer meanwhile: its payment goes back in full, once per report.
    await createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] }, "stripe");
    const refunded: OrderRow[] = [];
    const refund = async (o: OrderRow) => void refunded.push(o);
    const result = await applyInvoiceState(t.db, source, paidState(sold.order.id, sold.invoiceId, 8000), { ...noActions, refundInFull: refund });
    expect(result.text).toBe("invoice paid: paid after its hold was released and the places were sold; refunded in full");
    expect(refunded.map((o) => [o.id, o.payment_intent_id])).toEqual([[sold.order.id, `pi_${sold.invoiceId.slice(3)}`]]);
    expect((await orderOf(sold.order.id)).status).toBe("cancelled");
    expect(await facts(sold.order.id)).toEqual([]);

    // The event is full now: no invoice can hold more.
    await expect(invoiced(event.id, ticketType.id, 1)).rejects.toBeInstanceOf(ConflictError);
  });

  it("an invoice marked paid outside the provider after its places were sold is not refunded through the provider: the admin is told", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 1 });
    const o = await invoiced(event.id, ticketType.id, 1);
    await applyInvoiceState(t.db, source, state(o.order.id, o.invoiceId, { status: "uncollectible" }), noActions);
    await createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "stripe");
    const outOfBand = state(o.order.id, o.invoiceId, { status: "paid", amountPaidMinor: 4000 });
    expect((await applyInvoiceState(t.db, source, outOfBand, noActions)).text).toBe("invoice paid outside the provider after its places were released and sold; return the money by hand");
    expect((await orderOf(o.order.id)).status).toBe("cancelled");
    const notes = await t.db.selectFrom("order_notes").select(["severity", "message"]).where("order_id", "=", o.order.id).execute();
    expect(notes).toEqual([{ severity: "error", message: expect.stringMatching(/^Invoice in_\w+ was marked paid outside the payment provider after its places were released/) }]);
  });

  it("never sells a place twice: two invoices, and an invoice and a checkout, racing for the last places", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 5 });
    const results = await Promise.allSettled([
      holdInvoicedOrder(t.db, t.orgId, event.id, company(ticketType.id, 3), gateway, null),
      holdInvoicedOrder(t.db, t.orgId, event.id, company(ticketType.id, 3), gateway, null),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as Error).message).toBe("Only 2 places left.");

    const race = await Promise.allSettled([
      holdInvoicedOrder(t.db, t.orgId, event.id, company(ticketType.id, 2), gateway, null),
      createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] }, "stripe"),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const taken = await t.db.selectFrom("attendees").select("id").where("event_id", "=", event.id).where("status", "in", ["pending", "paid"]).execute();
    expect(taken).toHaveLength(5);
  });
});
