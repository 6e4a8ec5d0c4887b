// Twilio's RestException (status, code, message) read once for the call policy.
import { ProviderCallError, type ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError, parseRetryAfter } from "../http-failure";

interface RestExceptionLike {
  status?: number;
  code?: number;
  message?: string;
  moreInfo?: string;
  retryAfter?: unknown;
}

/** Codes that mean the credentials, not the request, are wrong. */
const AUTH_CODES = new Set([20003, 20005, 20006, 20008]);

export function classifyTwilioError(err: unknown): ProviderFailure {
  const e = err as RestExceptionLike;
  if (typeof e?.status === "number" && e.status >= 400) {
    const message = `Twilio answered ${e.status}${e.code ? ` (error ${e.code})` : ""}: ${e.message ?? "error"}`;
    if (e.code !== undefined && AUTH_CODES.has(e.code)) return { kind: "auth", status: e.status, message };
    return failureFromStatus(e.status, message, parseRetryAfter(e.retryAfter));
  }
  if (isNetworkError(err) || (err as { isAxiosError?: boolean })?.isAxiosError) {
    return { kind: "transient", message: `Could not reach Twilio: ${(err as Error).message}` };
  }
  return { kind: "unknown", message: (err as Error)?.message ?? String(err) };
}

/** Twilio refusing this one recipient (not a phone number, not reachable that way); anything else fails the whole batch, which is retried. */
export function refusedRecipient(err: unknown): string | null {
  if (!(err instanceof ProviderCallError)) return null;
  return err.failure.kind === "invalid" || err.failure.kind === "not_found" ? err.failure.message : null;
}
