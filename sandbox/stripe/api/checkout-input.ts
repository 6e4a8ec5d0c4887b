// Reading a Checkout Session from its create parameters, with the refusals Stripe
// makes that its spec does not express (payment mode's needs, amounts, URLs, expiry).
import type { FormObject } from "../../validation/deep-object";
import { paramName } from "../../validation/deep-object";
import { invalid, type StripeAnswer } from "../errors";
import { stripeId } from "../ids";
import { formatAmount, minimumCharge } from "../money";
import { int, metadata, objects, str, strings, text } from "../params";
import type { StripeLineItem } from "../state";

/** Stripe lets a session live from 30 minutes to 24 hours. */
export const MIN_EXPIRY_SECONDS = 30 * 60;
export const MAX_EXPIRY_SECONDS = 24 * 3600;
const MAX_LINE_ITEMS = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SessionInput {
  currency: string;
  amountTotal: number;
  lineItems: StripeLineItem[];
  expiresAt: number;
  successUrl: string;
  cancelUrl: string | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  locale: string | null;
  metadata: Record<string, string>;
  paymentMethodTypes: string[] | null;
  paymentIntentData: { metadata: Record<string, string>; description: string | null; receiptEmail: string | null };
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function lineItem(li: FormObject, i: number): StripeLineItem | StripeAnswer {
  const at = (...rest: string[]) => paramName(["line_items", i, ...rest]);
  if (str(li, "price") !== undefined) return invalid(`No such price: '${str(li, "price")}'`, at("price"), "resource_missing");
  const data = li.price_data;
  if (data === undefined || typeof data !== "object" || Array.isArray(data)) return invalid("You must specify either `price` or `price_data` in each line item.", at());
  if (data.recurring !== undefined) return invalid("You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.", at("price_data", "recurring"));
  if (str(data, "product") !== undefined) return invalid(`No such product: '${str(data, "product")}'`, at("price_data", "product"), "resource_missing");
  const product = data.product_data;
  if (product === undefined || typeof product !== "object" || Array.isArray(product)) return invalid("You must specify either `product` or `product_data` when creating a price.", at("price_data"));
  const currency = (str(data, "currency") ?? "").toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) return invalid(`Invalid currency: ${str(data, "currency") ?? ""}.`, at("price_data", "currency"));
  const decimal = str(data, "unit_amount_decimal");
  const unitAmount = int(data, "unit_amount") ?? (decimal !== undefined && /^\d+$/.test(decimal) ? Number(decimal) : undefined);
  if (unitAmount === undefined) return invalid(`Missing required param: ${at("price_data", "unit_amount")}.`, at("price_data", "unit_amount"), "parameter_missing");
  if (unitAmount < 0) return invalid("This value must be greater than or equal to 0.", at("price_data", "unit_amount"));
  const quantity = int(li, "quantity");
  if (quantity === undefined) return invalid(`Missing required param: ${at("quantity")}.`, at("quantity"), "parameter_missing");
  if (quantity < 1) return invalid("This value must be greater than or equal to 1.", at("quantity"));
  return {
    id: stripeId("li"),
    name: str(product, "name") ?? "",
    description: text(product, "description"),
    currency,
    unitAmount,
    quantity,
    productId: stripeId("prod", 14),
    priceId: stripeId("price"),
    productMetadata: metadata(product.metadata),
  };
}

export function readSessionInput(params: FormObject, nowSeconds: number): SessionInput | StripeAnswer {
  const mode = str(params, "mode");
  if (mode === undefined) return invalid("Missing required param: mode.", "mode", "parameter_missing");
  if (mode !== "payment") return invalid(`The sandbox emulates Checkout in payment mode only; mode=${mode} is not emulated.`, "mode");

  const raw = objects(params.line_items);
  if (raw.length === 0) return invalid("`line_items` is required in `payment` mode.", "line_items");
  if (raw.length > MAX_LINE_ITEMS) return invalid(`You may only specify up to ${MAX_LINE_ITEMS} line items.`, "line_items");
  const lineItems: StripeLineItem[] = [];
  for (const [i, li] of raw.entries()) {
    const item = lineItem(li, i);
    if ("status" in item) return item;
    lineItems.push(item);
  }
  const currency = lineItems[0]!.currency;
  const other = lineItems.findIndex((li) => li.currency !== currency);
  if (other >= 0) return invalid("All line items must have the same currency.", paramName(["line_items", other, "price_data", "currency"]));
  const amountTotal = lineItems.reduce((sum, li) => sum + li.unitAmount * li.quantity, 0);
  const minimum = minimumCharge(currency);
  if (minimum !== null && amountTotal < minimum) {
    return invalid(`The Checkout Session's total amount due must add up to at least ${formatAmount(minimum, currency)}.`, "line_items");
  }

  const successUrl = str(params, "success_url") ?? "";
  if (!isHttpUrl(successUrl)) return invalid("Not a valid URL", "success_url", "url_invalid");
  const cancelUrl = text(params, "cancel_url");
  if (cancelUrl !== null && !isHttpUrl(cancelUrl)) return invalid("Not a valid URL", "cancel_url", "url_invalid");

  const expiresAt = int(params, "expires_at") ?? nowSeconds + MAX_EXPIRY_SECONDS;
  if (expiresAt > nowSeconds + MAX_EXPIRY_SECONDS) return invalid("The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.", "expires_at");
  if (expiresAt < nowSeconds + MIN_EXPIRY_SECONDS) return invalid("The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.", "expires_at");

  const customerEmail = text(params, "customer_email");
  if (customerEmail !== null && !EMAIL.test(customerEmail)) return invalid(`Invalid email address: ${customerEmail}`, "customer_email", "email_invalid");

  const intent = typeof params.payment_intent_data === "object" && !Array.isArray(params.payment_intent_data) ? params.payment_intent_data : {};
  const types = strings(params.payment_method_types);
  return {
    currency,
    amountTotal,
    lineItems,
    expiresAt,
    successUrl,
    cancelUrl,
    customerEmail,
    clientReferenceId: text(params, "client_reference_id"),
    locale: text(params, "locale"),
    metadata: metadata(params.metadata),
    paymentMethodTypes: types.length > 0 ? types : null,
    paymentIntentData: { metadata: metadata(intent.metadata), description: text(intent, "description"), receiptEmail: text(intent, "receipt_email") },
  };
}
