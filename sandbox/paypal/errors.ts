// PayPal's error shapes. The REST APIs (Orders v2, Payments v2) answer
// {name, message, details:[{field, value, location, issue, description}], debug_id, links};
// the older Webhooks v1 API puts information_link where the others have links; the
// OAuth token endpoint answers {error, error_description}.
import { debugId } from "./ids";

export interface PayPalAnswer {
  status: number;
  body: unknown;
}

export interface Detail {
  issue: string;
  description?: string;
  field?: string;
  value?: string;
  location?: "body" | "path" | "query" | "header";
}

const NAMES: Record<number, [string, string]> = {
  400: ["INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema."],
  401: ["AUTHENTICATION_FAILURE", "Authentication failed due to invalid authentication credentials or a missing Authorization header."],
  403: ["NOT_AUTHORIZED", "Authorization failed due to insufficient permissions."],
  404: ["RESOURCE_NOT_FOUND", "The specified resource does not exist."],
  405: ["METHOD_NOT_SUPPORTED", "The server does not implement the requested HTTP method."],
  409: ["RESOURCE_CONFLICT", "The server has detected a conflict while processing this request."],
  413: ["REQUEST_ENTITY_TOO_LARGE", "The request entity is larger than the server is willing or able to process."],
  415: ["UNSUPPORTED_MEDIA_TYPE", "The server does not support the request payload's media type."],
  422: ["UNPROCESSABLE_ENTITY", "The requested action could not be performed, semantically incorrect, or failed business validation."],
  429: ["RATE_LIMIT_REACHED", "Too many requests. Blocked due to rate limiting."],
  500: ["INTERNAL_SERVER_ERROR", "An internal server error has occurred."],
  502: ["INTERNAL_SERVER_ERROR", "An internal server error has occurred."],
  503: ["SERVICE_UNAVAILABLE", "Service Unavailable."],
  504: ["INTERNAL_SERVER_ERROR", "An internal server error has occurred."],
};

/** What PayPal says about the issues the sandbox raises, in PayPal's words. */
export const ISSUES: Record<string, string> = {
  ORDER_NOT_APPROVED: "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call.",
  ORDER_ALREADY_CAPTURED: "Order already captured. If 'intent=CAPTURE' only one capture per order is allowed.",
  AMOUNT_MISMATCH: "Should equal item_total + tax_total + shipping + handling + insurance - shipping_discount - discount.",
  ITEM_TOTAL_MISMATCH: "Should equal sum of (unit_amount * quantity) across all items for a given purchase_unit.",
  ITEM_TOTAL_REQUIRED: "If item details are specified (items.unit_amount and items.quantity) corresponding amount.breakdown.item_total is required.",
  CURRENCY_NOT_SUPPORTED: "Currency code is not currently supported. Please refer https://developer.paypal.com/api/rest/reference/currency-codes/ for list of supported currency codes.",
  CURRENCY_MISMATCH: "Currency code should be the same in all amounts of a purchase unit.",
  DECIMAL_PRECISION: "If the currency supports decimals, only two decimal place precision is supported.",
  DECIMALS_NOT_SUPPORTED: "Currency does not support decimals. Please refer to https://developer.paypal.com/api/rest/reference/currency-codes/ for more information.",
  CANNOT_BE_ZERO_OR_NEGATIVE: "Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.",
  CANNOT_BE_NEGATIVE: "Must be greater than or equal to 0. If the currency supports decimals, only two decimal place precision is supported.",
  DUPLICATE_INVOICE_ID: "Duplicate Invoice ID detected. To avoid a potential duplicate transaction your account setting requires that Invoice Id be unique for each transaction.",
  INVALID_RESOURCE_ID: "Specified resource ID does not exist. Please check the resource ID and try again.",
  MALFORMED_REQUEST_JSON: "The request JSON is not well formed.",
  REFUND_AMOUNT_EXCEEDED: "The refund amount must be less than or equal to the capture amount that has not yet been refunded.",
  CAPTURE_FULLY_REFUNDED: "The capture has already been fully refunded.",
  REFUND_NOT_ALLOWED: "Full refund refused - partial refund has already been done on this payment. You cannot refund this capture.",
  REFUND_CAPTURE_CURRENCY_MISMATCH: "Refund must be in the same currency as the capture.",
  PAYPAL_REQUEST_ID_PREVIOUSLY_USED: "The PayPal-Request-Id has already been used for another request.",
  NOT_SUPPORTED: "This field is not currently supported.",
};

function link(issue: string, v1: boolean) {
  return v1 ? `https://developer.paypal.com/docs/api/webhooks/v1/#errors` : `https://developer.paypal.com/api/rest/reference/orders/v2/errors/#${issue}`;
}

export function errorBody(status: number, details: Detail[] = [], over?: { name?: string; message?: string; v1?: boolean }): Record<string, unknown> {
  const [name, message] = NAMES[status] ?? (status >= 500 ? NAMES[500]! : NAMES[400]!);
  const withText = details.map((d) => ({ ...d, description: d.description ?? ISSUES[d.issue] }));
  const first = withText[0]?.issue ?? over?.name ?? name;
  const base = { name: over?.name ?? name, message: over?.message ?? message, debug_id: debugId() };
  if (over?.v1) return { ...base, information_link: link(first, true), ...(withText.length ? { details: withText } : {}) };
  return { ...base, ...(withText.length ? { details: withText } : {}), links: [{ href: link(first, false), rel: "information_link", method: "GET" }] };
}

export function fail(status: number, details: Detail[] = [], over?: { name?: string; message?: string; v1?: boolean }): PayPalAnswer {
  return { status, body: errorBody(status, details, over) };
}

export const unprocessable = (issue: string, extra: Omit<Detail, "issue"> = {}): PayPalAnswer => fail(422, [{ issue, ...extra }]);

export function notFound(field: string, value: string, location: Detail["location"] = "path"): PayPalAnswer {
  return fail(404, [{ field, value, location, issue: "INVALID_RESOURCE_ID" }]);
}

/** The OAuth endpoints' own shape. */
export function oauthError(status: number, error: string, description: string): PayPalAnswer {
  return { status, body: { error, error_description: description } };
}

export function ok(body: unknown, status = 200): PayPalAnswer {
  return { status, body };
}
