// Invoices: create (pending items taken only when asked, as since 2022-08-01),
// update and delete a draft, finalize, send, pay (by the saved card or out of band),
// void, mark uncollectible; retrieve, list, and list lines.
import { ACCOUNT } from "../account";
import { answerWith, type Operation, type StripeCall } from "../call";
import type { StripeInvoice } from "../billing-state";
import { invalid, refused, type StripeAnswer } from "../errors";
import { chargeInvoice } from "../flows/invoice-charge";
import { createInvoice, finalizeInvoice, markPaid, markUncollectible, sendInvoice, voidInvoice } from "../flows/invoice";
import { settleStatus } from "../flows/subscription";
import { isPage, listBody, paginate } from "../list";
import { visible } from "../lookup";
import { invoiceView } from "../objects/invoice";
import { bool, int, mergeMetadata, metadata, str, text } from "../params";
import { emit } from "../webhooks/emit";
import { previousAttributes } from "../webhooks/previous";
import { findCustomer, isCustomer } from "./customers";
import { lineOf } from "./invoice-lines";

const MAX_DAYS_UNTIL_DUE = 3650;

function findInvoice(call: StripeCall): StripeInvoice | StripeAnswer {
  const id = call.pathParams.invoice!;
  return visible(call.w, "in", id, call.key.livemode, "invoice") ?? call.w.state.billing.invoices.get(id)!;
}

const isInvoice = (v: StripeInvoice | StripeAnswer): v is StripeInvoice => "lines" in v;

/** A refusal because of the invoice's state, after the request was understood: replayed like Stripe's. */
function wrongState(message: string, code = "invoice_not_editable"): StripeAnswer {
  return refused(400, { type: "invalid_request_error", code, message });
}

export const createInvoiceOp: Operation = (call) => {
  const { w, params, key } = call;
  const customerId = text(params, "customer");
  if (customerId === null) return invalid("Missing required param: customer.", "customer", "parameter_missing");
  const customer = findCustomer(call, customerId);
  if (!isCustomer(customer)) return { ...customer, status: 400 };
  if (customer.deleted) return invalid(`No such customer: '${customerId}'`, "customer", "resource_missing");
  const method = text(params, "collection_method") ?? "charge_automatically";
  if (method !== "charge_automatically" && method !== "send_invoice") return invalid("Invalid collection_method: must be one of charge_automatically or send_invoice", "collection_method");
  const days = int(params, "days_until_due") ?? null;
  const dueDate = int(params, "due_date") ?? null;
  if (method === "charge_automatically" && (days !== null || dueDate !== null)) {
    return invalid("You can only set `days_until_due` or `due_date` when `collection_method` is `send_invoice`.", days !== null ? "days_until_due" : "due_date");
  }
  if (method === "send_invoice" && days === null && dueDate === null) {
    return invalid("You must specify `days_until_due` or `due_date` when `collection_method` is `send_invoice`.", "days_until_due");
  }
  if (days !== null && (days < 0 || days > MAX_DAYS_UNTIL_DUE)) return invalid(`This value must be between 0 and ${MAX_DAYS_UNTIL_DUE}.`, "days_until_due");
  if (dueDate !== null && dueDate <= w.now()) return invalid("The `due_date` must be in the future.", "due_date");
  const behavior = text(params, "pending_invoice_items_behavior") ?? "exclude";
  if (behavior !== "include" && behavior !== "exclude") return invalid("Invalid pending_invoice_items_behavior: must be one of include or exclude", "pending_invoice_items_behavior");
  const pending = behavior === "include" ? [...w.state.billing.invoiceItems.values()].filter((i) => i.customerId === customer.id && i.invoiceId === null && i.livemode === key.livemode) : [];
  const currency = (text(params, "currency") ?? pending[0]?.currency ?? ACCOUNT.currency).toLowerCase();
  const other = pending.find((i) => i.currency !== currency);
  if (other) return invalid(`The pending invoice item ${other.id} is in ${other.currency}, not ${currency}.`, "currency");
  const now = w.now();
  const inv = createInvoice(
    w,
    {
      livemode: key.livemode,
      customerId: customer.id,
      subscriptionId: null,
      billingReason: "manual",
      collectionMethod: method,
      daysUntilDue: days,
      currency,
      lines: pending.map((item) => {
        const { id: _id, ...line } = lineOf(w, item);
        return line;
      }),
      description: text(params, "description"),
      footer: text(params, "footer"),
      metadata: metadata(params.metadata),
      autoAdvance: bool(params, "auto_advance") ?? false,
      periodStart: now,
      periodEnd: now,
    },
    call.cause,
  );
  for (const item of pending) item.invoiceId = inv.id;
  if (dueDate !== null) inv.dueDate = dueDate;
  return answerWith(call, invoiceView(w, inv));
};

export const retrieveInvoice: Operation = (call) => {
  const inv = findInvoice(call);
  return isInvoice(inv) ? answerWith(call, invoiceView(call.w, inv)) : inv;
};

export const listInvoices: Operation = (call) => {
  const { params } = call;
  const customer = text(params, "customer");
  const subscription = text(params, "subscription");
  const status = text(params, "status");
  const method = text(params, "collection_method");
  const invoices = [...call.w.state.billing.invoices.values()]
    .filter(
      (i) =>
        i.livemode === call.key.livemode &&
        (customer === null || i.customerId === customer) &&
        (subscription === null || i.subscriptionId === subscription) &&
        (status === null || i.status === status) &&
        (method === null || i.collectionMethod === method),
    )
    .reverse();
  const page = paginate(invoices, params, "invoice");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/invoices", page.items.map((i) => invoiceView(call.w, i)), page.hasMore));
};

export const listInvoiceLines: Operation = (call) => {
  const inv = findInvoice(call);
  if (!isInvoice(inv)) return inv;
  const lines = (invoiceView(call.w, inv).lines as { data: Array<{ id: string }> }).data;
  const page = paginate(lines, call.params, "line item");
  if (!isPage(page)) return page;
  return answerWith(call, listBody(`/v1/invoices/${inv.id}/lines`, page.items, page.hasMore));
};

export const updateInvoice: Operation = (call) => {
  const { w, params } = call;
  const inv = findInvoice(call);
  if (!isInvoice(inv)) return inv;
  const draftOnly = ["days_until_due", "due_date", "collection_method", "footer"].find((p) => params[p] !== undefined);
  if (draftOnly && inv.status !== "draft") return wrongState(`You can only update \`${draftOnly}\` on a draft invoice; invoice ${inv.id} is ${inv.status}.`);
  const before = invoiceView(w, inv);
  if (str(params, "description") !== undefined) inv.description = text(params, "description");
  if (str(params, "footer") !== undefined) inv.footer = text(params, "footer");
  const days = int(params, "days_until_due");
  if (days !== undefined) {
    if (inv.collectionMethod !== "send_invoice") return invalid("You can only set `days_until_due` when `collection_method` is `send_invoice`.", "days_until_due");
    inv.daysUntilDue = days;
  }
  inv.autoAdvance = bool(params, "auto_advance") ?? inv.autoAdvance;
  inv.metadata = mergeMetadata(inv.metadata, params.metadata);
  const after = invoiceView(w, inv);
  const previous = previousAttributes(before, after);
  if (previous) emit(w, "invoice.updated", after, call.cause, previous);
  return answerWith(call, after);
};

export const deleteInvoice: Operation = (call) => {
  const { w } = call;
  const inv = findInvoice(call);
  if (!isInvoice(inv)) return inv;
  if (inv.status !== "draft") return wrongState("You can only delete draft invoices. Void the invoice instead.");
  for (const item of w.state.billing.invoiceItems.values()) if (item.invoiceId === inv.id) item.invoiceId = null;
  w.state.billing.invoices.delete(inv.id);
  emit(w, "invoice.deleted", invoiceView(w, inv), call.cause);
  return answerWith(call, { id: inv.id, object: "invoice", deleted: true });
};

export const finalizeInvoiceOp: Operation = (call) => {
  const inv = findInvoice(call);
  if (!isInvoice(inv)) return inv;
  if (inv.status !== "draft") return wrongState("This invoice is already finalized, you can't re-finalize a non-draft invoice.");
  finalizeInvoice(call.w, inv, call.cause);
  return answerWith(call, invoiceView(call.w, inv));
};

export const sendInvoiceOp: Operation = (call) => {
  const inv = findInvoice(call);
  if (!isInvoice(inv)) return inv;
  if (inv.collectionMethod !== "send_invoice") return wrongState("You can only manually send an invoice if its collection method is 'send_invoice'.");
  if (inv.status === "draft") finalizeInvoice(call.w, inv, call.cause);
  if (inv.status !== "open") return wrongState(`You can only send an open invoice; invoice ${inv.id} is ${inv.status}.`);
  sendInvoice(call.w, inv, call.cause);
  return answerWith(call, invoiceView(call.w, inv));
};

export const payInvoice: Operation = (call) => {
  const { w, params } = call;
  const inv = findInvoice(call);
  if (!isInvoice(inv)) return inv;
  if (inv.status === "paid") return wrongState("Invoice is already paid", "invoice_already_paid");
  if (inv.status === "draft") finalizeInvoice(w, inv, call.cause);
  if (inv.status === "paid") return answerWith(call, invoiceView(w, inv));
  if (inv.status !== "open" && inv.status !== "uncollectible") return wrongState(`This invoice can no longer be paid: it is ${inv.status}.`, "invoice_not_payable");
  const sub = inv.subscriptionId ? w.state.billing.subscriptions.get(inv.subscriptionId) : undefined;
  if (bool(params, "paid_out_of_band") === true) {
    markPaid(w, inv, call.cause, true);
    if (sub) settleStatus(w, sub, true, call.cause);
    return answerWith(call, invoiceView(w, inv));
  }
  const result = chargeInvoice(w, inv, w.state.billing.customers.get(inv.customerId)?.defaultCard ?? null, call.cause);
  if (sub) settleStatus(w, sub, result.paid, call.cause);
  const f = result.failure;
  if (f?.code === "invoice_no_customer_payment_method") return refused(400, { type: "invalid_request_error", code: f.code, message: f.message });
  if (f) return refused(402, { type: "card_error", code: f.code, ...(f.declineCode ? { decline_code: f.declineCode } : {}), message: f.message });
  return answerWith(call, invoiceView(w, inv));
};

export const voidInvoiceOp: Operation = (call) => {
  const inv = findInvoice(call);
  if (!isInvoice(inv)) return inv;
  if (inv.status === "draft") return wrongState("You can only void an open or uncollectible invoice; delete a draft invoice instead.");
  if (inv.status !== "open" && inv.status !== "uncollectible") return wrongState(`You cannot void an invoice that is ${inv.status}.`);
  voidInvoice(call.w, inv, call.cause);
  return answerWith(call, invoiceView(call.w, inv));
};

export const markUncollectibleOp: Operation = (call) => {
  const inv = findInvoice(call);
  if (!isInvoice(inv)) return inv;
  if (inv.status !== "open") return wrongState(`You can only mark an open invoice uncollectible; invoice ${inv.id} is ${inv.status}.`);
  markUncollectible(call.w, inv, call.cause);
  return answerWith(call, invoiceView(call.w, inv));
};
