import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError } from "../http-failure";
import { XApiError } from "./client";

/** X refuses a post whose text it already has from this account with 403 and these words. */
export function isDuplicatePost(err: unknown): boolean {
  return err instanceof XApiError && err.status === 403 && /duplicate content/i.test(err.detail);
}

export function classifyXError(err: unknown): ProviderFailure {
  if (err instanceof XApiError) {
    // A duplicate is X refusing the text, not our grant: nothing to reconnect.
    if (isDuplicatePost(err)) return { kind: "invalid", status: 403, message: err.message };
    // X refuses a revoked or spent refresh token at its token endpoint with 400 invalid_request.
    const grantRefused = (err.status === 400 || err.status === 401) && err.message.includes("/oauth2/token");
    if (grantRefused || err.status === 401) return { kind: "auth", status: err.status, message: `${err.message}; reconnect X` };
    return failureFromStatus(err.status, err.message, err.retryAfterMs);
  }
  const e = err as { message?: string };
  if (isNetworkError(err)) return { kind: "transient", message: `Could not reach X: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
