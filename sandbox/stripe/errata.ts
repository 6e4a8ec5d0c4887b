// The spec file is Stripe's API as of 2020-08-27; the API (and the SDK calling it)
// moved on. Where the old file would refuse what Stripe accepts today, today's API
// wins. Each entry names what changed.
type Doc = Record<string, unknown>;

function at(doc: Doc, ...keys: string[]): Doc | undefined {
  let node: unknown = doc;
  for (const k of keys) node = typeof node === "object" && node !== null ? (node as Doc)[k] : undefined;
  return typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Doc) : undefined;
}

function formBody(doc: Doc, path: string, method: string): Doc | undefined {
  return at(doc, "paths", path, method, "requestBody", "content", "application/x-www-form-urlencoded", "schema");
}

function extendEnum(schema: Doc | undefined, values: string[]): void {
  if (schema && Array.isArray(schema.enum)) schema.enum = [...new Set([...(schema.enum as string[]), ...values])];
}

/** Payment methods Checkout has gained since the spec was cut. */
const NEWER_PAYMENT_METHODS = ["customer_balance", "twint", "link", "paypal", "revolut_pay", "mobilepay", "amazon_pay", "cashapp", "swish", "multibanco", "blik", "pix", "promptpay", "zip"];

/** Event types Stripe has added since (refund objects got their own events in 2022, invoices invoice.overdue in 2023). */
const NEWER_EVENT_TYPES = [
  "refund.created",
  "refund.updated",
  "refund.failed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "invoice.overdue",
  "invoice.will_be_due",
  "invoice_payment.paid",
  "billing_portal.session.created",
];

export function patchStripeSpec(doc: Doc): void {
  const session = formBody(doc, "/v1/checkout/sessions", "post");
  // cancel_url has been optional since 2023: without it Checkout shows no back link.
  if (session && Array.isArray(session.required)) session.required = (session.required as string[]).filter((r) => r !== "cancel_url");
  extendEnum(at(session ?? {}, "properties", "payment_method_types", "items"), NEWER_PAYMENT_METHODS);

  const endpoint = formBody(doc, "/v1/webhook_endpoints", "post");
  extendEnum(at(endpoint ?? {}, "properties", "enabled_events", "items"), NEWER_EVENT_TYPES);
  // The file lists API versions up to its own; the SDK pins a newer one.
  const version = at(endpoint ?? {}, "properties", "api_version");
  if (version) delete version.enum;
}
