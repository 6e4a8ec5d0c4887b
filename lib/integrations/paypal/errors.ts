// PayPal's refusals as one error type, and what each means for the call policy.
import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError, parseRetryAfter } from "../http-failure";

interface PayPalErrorBody {
  name?: string;
  message?: string;
  debug_id?: string;
  details?: Array<{ issue?: string; description?: string; field?: string }>;
  error?: string;
  error_description?: string;
}

export class PayPalApiError extends Error {
  readonly status: number;
  /** PayPal's error name (UNPROCESSABLE_ENTITY) or OAuth error (invalid_client). */
  readonly code: string;
  /** The first detail's issue (ORDER_NOT_APPROVED), where PayPal gives one. */
  readonly issue: string | null;
  readonly retryAfter: string | null;
  constructor(status: number, body: unknown, retryAfter: string | null) {
    const b = (typeof body === "object" && body !== null ? body : {}) as PayPalErrorBody;
    const detail = b.details?.[0];
    const code = b.name ?? b.error ?? `HTTP ${status}`;
    const text = detail?.description ?? b.error_description ?? b.message ?? "no message";
    super(`${detail?.issue ?? code}: ${text}${detail?.field ? ` (${detail.field})` : ""}${b.debug_id ? ` [debug id ${b.debug_id}]` : ""}`);
    this.name = "PayPalApiError";
    this.status = status;
    this.code = code;
    this.issue = detail?.issue ?? null;
    this.retryAfter = retryAfter;
  }
}

export function classifyPayPalError(err: unknown): ProviderFailure {
  if (err instanceof PayPalApiError) {
    const message = `PayPal: ${err.message}`;
    if (err.status === 401) return { kind: "auth", status: 401, message };
    return failureFromStatus(err.status, message, parseRetryAfter(err.retryAfter));
  }
  if (isNetworkError(err)) return { kind: "transient", message: `PayPal: ${(err as Error).message}` };
  return { kind: "unknown", message: `PayPal: ${(err as Error)?.message ?? String(err)}` };
}

/** PayPal's issue (ORDER_ALREADY_CAPTURED) behind an error, however the call policy wrapped it. */
export function paypalIssue(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof PayPalApiError) return e.issue;
  }
  return null;
}
