// Invoice items: what a customer owes, pending until an invoice takes it (or added
// to a draft invoice directly). Priced by amount, by a Price, or by price_data.
import { ACCOUNT } from "../account";
import { answerWith, type Operation, type StripeCall } from "../call";
import type { StripeInvoiceItem } from "../billing-state";
import { invalid, refused, type StripeAnswer } from "../errors";
import { stripeId } from "../ids";
import { isPage, listBody, paginate } from "../list";
import { visible } from "../lookup";
import { invoiceItemView } from "../objects/invoice-item";
import { bool, int, metadata, str, text } from "../params";
import { asObject } from "../../validation/deep-object";
import { emit } from "../webhooks/emit";
import { findCustomer, isCustomer } from "./customers";
import { lineOf } from "./invoice-lines";

interface Pricing {
  unitAmount: number;
  currency: string;
  priceId: string | null;
}

function readPricing(call: StripeCall): Pricing | StripeAnswer {
  const { w, params, key } = call;
  const priceId = text(asObject(params.pricing) ?? {}, "price") ?? text(params, "price");
  if (priceId !== null) {
    const price = w.state.billing.prices.get(priceId);
    if (!price || price.livemode !== key.livemode) return invalid(`No such price: '${priceId}'`, "pricing[price]", "resource_missing");
    if (price.recurring) return invalid(`The price ${priceId} is a recurring price; an invoice item takes a one-time price.`, "pricing[price]");
    return { unitAmount: price.unitAmount, currency: price.currency, priceId };
  }
  const data = asObject(params.price_data);
  if (data) {
    const product = text(data, "product");
    const known = product !== null ? w.state.billing.products.get(product) : undefined;
    if (!known || known.livemode !== key.livemode) return invalid(`No such product: '${product ?? ""}'`, "price_data[product]", "resource_missing");
    const decimal = str(data, "unit_amount_decimal");
    const unitAmount = int(data, "unit_amount") ?? (decimal !== undefined && /^\d+$/.test(decimal) ? Number(decimal) : undefined);
    if (unitAmount === undefined) return invalid("Missing required param: price_data[unit_amount].", "price_data[unit_amount]", "parameter_missing");
    const currency = text(data, "currency");
    if (currency === null) return invalid("Missing required param: price_data[currency].", "price_data[currency]", "parameter_missing");
    return { unitAmount, currency: currency.toLowerCase(), priceId: null };
  }
  const currency = (text(params, "currency") ?? ACCOUNT.currency).toLowerCase();
  const amount = int(params, "amount");
  if (amount !== undefined) {
    // With an amount, quantity is not allowed: the amount is the total.
    if (params.quantity !== undefined) return invalid("You cannot specify `quantity` together with `amount`; use `unit_amount_decimal` and `quantity` instead.", "quantity");
    return { unitAmount: amount, currency, priceId: null };
  }
  const decimal = str(params, "unit_amount_decimal");
  if (decimal !== undefined && /^\d+$/.test(decimal)) return { unitAmount: Number(decimal), currency, priceId: null };
  return invalid("You must specify either `amount`, `pricing[price]`, `price_data` or `unit_amount_decimal` for an invoice item.", "amount");
}

export const createInvoiceItem: Operation = (call) => {
  const { w, params, key } = call;
  const customerId = text(params, "customer");
  if (customerId === null) return invalid("Missing required param: customer.", "customer", "parameter_missing");
  const customer = findCustomer(call, customerId);
  if (!isCustomer(customer)) return { ...customer, status: 400 };
  if (customer.deleted) return invalid(`No such customer: '${customerId}'`, "customer", "resource_missing");
  const pricing = readPricing(call);
  if ("status" in pricing) return pricing;
  const quantity = int(params, "quantity") ?? 1;
  if (quantity < 1) return invalid("This value must be greater than or equal to 1.", "quantity");
  const invoiceId = text(params, "invoice");
  const invoice = invoiceId !== null ? w.state.billing.invoices.get(invoiceId) : undefined;
  if (invoiceId !== null && (!invoice || invoice.livemode !== key.livemode)) return invalid(`No such invoice: '${invoiceId}'`, "invoice", "resource_missing");
  if (invoice && invoice.customerId !== customer.id) return invalid(`The invoice ${invoice.id} belongs to another customer.`, "invoice");
  if (invoice && invoice.status !== "draft") {
    return refused(400, { type: "invalid_request_error", code: "invoice_not_editable", message: `You can only add invoice items to draft invoices; invoice ${invoice.id} is ${invoice.status}.`, param: "invoice" });
  }
  if (invoice && invoice.lines.length > 0 && invoice.currency !== pricing.currency) return invalid(`The invoice is in ${invoice.currency}; this item is in ${pricing.currency}.`, "currency");
  const item: StripeInvoiceItem = {
    id: stripeId("ii"),
    livemode: key.livemode,
    created: w.now(),
    customerId: customer.id,
    invoiceId: invoice?.id ?? null,
    currency: pricing.currency,
    unitAmount: pricing.unitAmount,
    quantity: params.amount !== undefined ? 1 : quantity,
    description: text(params, "description"),
    priceId: pricing.priceId,
    metadata: metadata(params.metadata),
  };
  w.state.billing.invoiceItems.set(item.id, item);
  if (invoice) {
    invoice.currency = item.currency;
    invoice.lines.push(lineOf(w, item));
  }
  emit(w, "invoiceitem.created", invoiceItemView(w, item), call.cause);
  return answerWith(call, invoiceItemView(w, item));
};

function findItem(call: StripeCall): StripeInvoiceItem | StripeAnswer {
  const id = call.pathParams.invoiceitem!;
  return visible(call.w, "ii", id, call.key.livemode, "invoiceitem") ?? call.w.state.billing.invoiceItems.get(id)!;
}

const isItem = (v: StripeInvoiceItem | StripeAnswer): v is StripeInvoiceItem => "unitAmount" in v;

export const retrieveInvoiceItem: Operation = (call) => {
  const item = findItem(call);
  return isItem(item) ? answerWith(call, invoiceItemView(call.w, item)) : item;
};

export const deleteInvoiceItem: Operation = (call) => {
  const { w } = call;
  const item = findItem(call);
  if (!isItem(item)) return item;
  const invoice = item.invoiceId ? w.state.billing.invoices.get(item.invoiceId) : undefined;
  if (invoice && invoice.status !== "draft") {
    return refused(400, { type: "invalid_request_error", code: "invoice_not_editable", message: `This invoice item is on invoice ${invoice.id}, which is no longer a draft, and cannot be deleted.` });
  }
  if (invoice) invoice.lines = invoice.lines.filter((l) => l.invoiceItemId !== item.id);
  w.state.billing.invoiceItems.delete(item.id);
  emit(w, "invoiceitem.deleted", invoiceItemView(w, item), call.cause);
  return answerWith(call, { id: item.id, object: "invoiceitem", deleted: true });
};

export const listInvoiceItems: Operation = (call) => {
  const { params } = call;
  const customer = text(params, "customer");
  const invoice = text(params, "invoice");
  const pending = bool(params, "pending");
  const items = [...call.w.state.billing.invoiceItems.values()]
    .filter(
      (i) =>
        i.livemode === call.key.livemode &&
        (customer === null || i.customerId === customer) &&
        (invoice === null || i.invoiceId === invoice) &&
        (pending === undefined || (i.invoiceId === null) === pending),
    )
    .reverse();
  const page = paginate(items, params, "invoiceitem");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/invoiceitems", page.items.map((i) => invoiceItemView(call.w, i)), page.hasMore));
};
