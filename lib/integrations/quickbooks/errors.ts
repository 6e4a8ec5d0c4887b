import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError } from "../http-failure";
import { QuickBooksApiError } from "./client";

/** Intuit's code for an update made with an old SyncToken: read the object again and retry. */
export const STALE_OBJECT = "5010";

export function isStale(err: unknown): boolean {
  const e = (err as { cause?: unknown })?.cause ?? err;
  return e instanceof QuickBooksApiError && e.code === STALE_OBJECT;
}

export function classifyQuickBooksError(err: unknown): ProviderFailure {
  if (err instanceof QuickBooksApiError) {
    // A refresh token that lapsed (100 days unused) or was revoked: only a person can grant again.
    if (err.code === "invalid_grant" || err.status === 401 || err.faultType === "AuthenticationFault") {
      return { kind: "auth", status: err.status, message: `${err.message}; reconnect QuickBooks` };
    }
    if (err.faultType === "ThrottlingFault") return { kind: "rate_limited", status: 429, message: err.message, retryAfterMs: err.retryAfterMs };
    return failureFromStatus(err.status, err.message, err.retryAfterMs);
  }
  const e = err as { message?: string };
  if (isNetworkError(err)) return { kind: "transient", message: `Could not reach QuickBooks: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
