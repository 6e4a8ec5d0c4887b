// Stripe's one error shape, {error:{type, code?, decline_code?, message, param?, doc_url?}},
// and the answers handlers give: a status and a body, sent (and perhaps kept for
// idempotent replay) by the route that ran them.
export type StripeErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error" | "rate_limit_error" | "authentication_error";

export interface StripeErrorFields {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  [extra: string]: unknown;
}

export interface StripeAnswer {
  status: number;
  body: unknown;
  /**
   * Whether an idempotent retry replays it. Stripe keeps what an endpoint produced once it
   * started executing, but not refusals of the parameters themselves.
   */
  replayable: boolean;
}

export function errorBody(fields: StripeErrorFields): { error: Record<string, unknown> } {
  const { type, message, code, param, decline_code, ...extra } = fields;
  return {
    error: {
      ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}` } : {}),
      ...(decline_code ? { decline_code } : {}),
      message,
      ...(param ? { param } : {}),
      ...extra,
      type,
    },
  };
}

export function ok(body: unknown, status = 200): StripeAnswer {
  return { status, body, replayable: true };
}

/** A refusal of the request's parameters: never replayed, the client may fix and retry with the same key. */
export function invalid(message: string, param?: string, code?: string): StripeAnswer {
  return { status: 400, body: errorBody({ type: "invalid_request_error", message, param, code }), replayable: false };
}

/** A refusal the endpoint reached after it started executing (a refund on a refunded charge). */
export function refused(status: number, fields: StripeErrorFields): StripeAnswer {
  return { status, body: errorBody(fields), replayable: true };
}

export function missing(objectName: string, id: string, param?: string, otherMode?: "live" | "test"): StripeAnswer {
  const hint = otherMode
    ? `; a similar object exists in ${otherMode} mode, but a ${otherMode === "live" ? "test" : "live"} mode key was used to make this request.`
    : "";
  return { status: 404, body: errorBody({ type: "invalid_request_error", code: "resource_missing", message: `No such ${objectName}: '${id}'${hint}`, param }), replayable: false };
}

export function unrecognizedUrl(method: string, path: string): StripeAnswer {
  return {
    status: 404,
    body: errorBody({ type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` }),
    replayable: false,
  };
}

const FAULT_MESSAGES: Record<number, [StripeErrorType, string]> = {
  400: ["invalid_request_error", "Invalid request."],
  401: ["invalid_request_error", "Invalid API Key provided."],
  402: ["card_error", "Your card was declined."],
  403: ["invalid_request_error", "The provided key does not have the required permissions for this endpoint."],
  404: ["invalid_request_error", "Unrecognized request URL."],
  409: ["invalid_request_error", "There is currently another in-progress request using this Stripe API key and idempotency key. Try again later."],
  413: ["invalid_request_error", "Request body too large."],
  429: ["rate_limit_error", "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits."],
};

/** What Stripe says for a status when the sandbox answers in its place (faults, oversized bodies). */
export function faultBody(status: number): { error: Record<string, unknown> } {
  const known = FAULT_MESSAGES[status];
  if (known) return errorBody({ type: known[0], message: known[1], ...(status === 429 ? { code: "rate_limit" } : {}) });
  if (status >= 500) return errorBody({ type: "api_error", message: "An unknown error occurred, please try again. If the problem persists, contact support@stripe.com." });
  return errorBody({ type: "invalid_request_error", message: "Invalid request." });
}
