// Reading a Checkout Session from its create parameters, with the refusals Stripe
// makes that its spec does not express (payment mode's needs, amounts, URLs, expiry).
import type { FormObject } from "../../validation/deep-object";
import { asObject, paramName } from "../../validation/deep-object";
import type { StripeCustomer, StripePrice, StripeProduct } from "../billing-state";
import { invalid, type StripeAnswer } from "../errors";
import { stripeId } from "../ids";
import { formatAmount, minimumCharge } from "../money";
import { int, metadata, objects, str, strings, text } from "../params";
import type { StripeLineItem } from "../state";
import { readPriceTerms } from "./prices";

/** Stripe lets a session live from 30 minutes to 24 hours. */
export const MIN_EXPIRY_SECONDS = 30 * 60;
export const MAX_EXPIRY_SECONDS = 24 * 3600;
const MAX_LINE_ITEMS = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SessionInput {
  mode: "payment" | "subscription";
  currency: string;
  amountTotal: number;
  lineItems: StripeLineItem[];
  expiresAt: number;
  successUrl: string;
  cancelUrl: string | null;
  customerEmail: string | null;
  customerId: string | null;
  customerCreation: "always" | "if_required";
  clientReferenceId: string | null;
  locale: string | null;
  metadata: Record<string, string>;
  paymentMethodTypes: string[] | null;
  paymentIntentData: { metadata: Record<string, string>; description: string | null; receiptEmail: string | null };
  subscriptionData: { metadata: Record<string, string>; description: string | null };
}

/** What a session may name by id, as a key of its mode sees the account. */
export interface Catalog {
  price(id: string): StripePrice | undefined;
  product(id: string): StripeProduct | undefined;
  customer(id: string): StripeCustomer | undefined;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function catalogItem(li: FormObject, priceId: string, at: (...rest: string[]) => string, catalog: Catalog): StripeLineItem | StripeAnswer {
  const price = catalog.price(priceId);
  if (!price) return invalid(`No such price: '${priceId}'`, at("price"), "resource_missing");
  if (!price.active) return invalid("The price specified is inactive. This field only accepts active prices.", at("price"));
  const product = catalog.product(price.productId);
  const quantity = int(li, "quantity");
  if (quantity === undefined) return invalid(`Missing required param: ${at("quantity")}.`, at("quantity"), "parameter_missing");
  if (quantity < 1) return invalid("This value must be greater than or equal to 1.", at("quantity"));
  return {
    id: stripeId("li"),
    name: product?.name ?? "",
    description: product?.description ?? null,
    currency: price.currency,
    unitAmount: price.unitAmount,
    quantity,
    productId: price.productId,
    priceId: price.id,
    productMetadata: { ...(product?.metadata ?? {}) },
    recurring: price.recurring ? { ...price.recurring } : null,
  };
}

function lineItem(li: FormObject, i: number, catalog: Catalog): StripeLineItem | StripeAnswer {
  const at = (...rest: string[]) => paramName(["line_items", i, ...rest]);
  const priceId = str(li, "price");
  if (priceId !== undefined) return catalogItem(li, priceId, at, catalog);
  const data = li.price_data;
  if (data === undefined || typeof data !== "object" || Array.isArray(data)) return invalid("You must specify either `price` or `price_data` in each line item.", at());
  const productId = str(data, "product");
  const known = productId !== undefined ? catalog.product(productId) : undefined;
  if (productId !== undefined && !known) return invalid(`No such product: '${productId}'`, at("price_data", "product"), "resource_missing");
  const product = known ? null : asObject(data.product_data);
  if (!known && !product) return invalid("You must specify either `product` or `product_data` when creating a price.", at("price_data"));
  const terms = readPriceTerms(data, at("price_data"));
  if ("status" in terms) return terms;
  const quantity = int(li, "quantity");
  if (quantity === undefined) return invalid(`Missing required param: ${at("quantity")}.`, at("quantity"), "parameter_missing");
  if (quantity < 1) return invalid("This value must be greater than or equal to 1.", at("quantity"));
  return {
    id: stripeId("li"),
    name: known?.name ?? str(product!, "name") ?? "",
    description: known ? known.description : text(product!, "description"),
    currency: terms.currency,
    unitAmount: terms.unitAmount,
    quantity,
    productId: known?.id ?? stripeId("prod", 14),
    priceId: stripeId("price"),
    productMetadata: known ? { ...known.metadata } : metadata(product!.metadata),
    recurring: terms.recurring,
  };
}

/** The refusals Stripe makes when the prices do not fit the mode. */
function checkMode(mode: SessionInput["mode"], items: StripeLineItem[]): StripeAnswer | null {
  const recurring = items.findIndex((li) => li.recurring !== null);
  if (mode === "payment") {
    if (recurring < 0) return null;
    return invalid("You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.", paramName(["line_items", recurring]));
  }
  if (recurring < 0) return invalid("You must provide at least one recurring price in `subscription` mode when using prices.", "line_items");
  const oneTime = items.findIndex((li) => li.recurring === null);
  if (oneTime >= 0) return invalid("The sandbox emulates subscription mode with recurring prices only; Stripe would add a one-time price to the first invoice.", paramName(["line_items", oneTime]));
  const first = items[recurring]!.recurring!;
  const other = items.findIndex((li) => li.recurring!.interval !== first.interval || li.recurring!.intervalCount !== first.intervalCount);
  if (other >= 0) return invalid("Checkout does not support multiple prices with different billing intervals.", paramName(["line_items", other]));
  return null;
}

export function readSessionInput(params: FormObject, nowSeconds: number, catalog: Catalog): SessionInput | StripeAnswer {
  const mode = str(params, "mode");
  if (mode === undefined) return invalid("Missing required param: mode.", "mode", "parameter_missing");
  if (mode !== "payment" && mode !== "subscription") return invalid(`The sandbox emulates Checkout in payment and subscription mode; mode=${mode} is not emulated.`, "mode");
  if (mode === "subscription" && params.payment_intent_data !== undefined) return invalid("You can not pass `payment_intent_data` in `subscription` mode.", "payment_intent_data");
  if (mode === "payment" && params.subscription_data !== undefined) return invalid("You can not pass `subscription_data` in `payment` mode.", "subscription_data");

  const raw = objects(params.line_items);
  if (raw.length === 0) return invalid(`\`line_items\` is required in \`${mode}\` mode.`, "line_items");
  if (raw.length > MAX_LINE_ITEMS) return invalid(`You may only specify up to ${MAX_LINE_ITEMS} line items.`, "line_items");
  const lineItems: StripeLineItem[] = [];
  for (const [i, li] of raw.entries()) {
    const item = lineItem(li, i, catalog);
    if ("status" in item) return item;
    lineItems.push(item);
  }
  const modeError = checkMode(mode, lineItems);
  if (modeError) return modeError;
  const currency = lineItems[0]!.currency;
  const other = lineItems.findIndex((li) => li.currency !== currency);
  if (other >= 0) return invalid("All line items must have the same currency.", paramName(["line_items", other]));
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
  const customerId = text(params, "customer");
  if (customerId !== null && customerEmail !== null) return invalid("You may only specify one of these parameters: customer, customer_email.", "customer_email");
  const customer = customerId !== null ? catalog.customer(customerId) : undefined;
  if (customerId !== null && (!customer || customer.deleted)) return invalid(`No such customer: '${customerId}'`, "customer", "resource_missing");
  const creation = text(params, "customer_creation");
  if (creation !== null && mode === "subscription") return invalid("`customer_creation` can only be used in `payment` mode.", "customer_creation");
  if (creation !== null && customerId !== null) return invalid("You may only specify one of these parameters: customer, customer_creation.", "customer_creation");

  const intent = asObject(params.payment_intent_data) ?? {};
  const subscription = asObject(params.subscription_data) ?? {};
  const types = strings(params.payment_method_types);
  return {
    mode,
    customerId,
    customerCreation: creation === "always" ? "always" : "if_required",
    subscriptionData: { metadata: metadata(subscription.metadata), description: text(subscription, "description") },
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
