// What a failed Graph or identity-platform call was, for the one call policy.
import { GraphError } from "@microsoft/microsoft-graph-client";
import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError, parseRetryAfter } from "../http-failure";
import { IdentityError } from "../microsoft-graph/identity";

export function classifyOneDriveError(err: unknown): ProviderFailure {
  if (err instanceof IdentityError) {
    // AADSTS answers invalid_grant for a revoked, expired or already-rotated refresh token.
    if (err.code === "invalid_grant" || err.code === "interaction_required") {
      return { kind: "auth", status: err.status, message: `Microsoft refused the grant (${err.code}): ${err.message}; reconnect OneDrive` };
    }
    return failureFromStatus(err.status, `Microsoft's sign-in service answered ${err.status} (${err.code}): ${err.message}`, err.retryAfterMs);
  }
  if (err instanceof GraphError && err.statusCode > 0) {
    if (err.statusCode === 401) return { kind: "auth", status: 401, message: `Graph refused the access token (${err.code ?? "401"}); reconnect OneDrive` };
    // Full storage is not a passing state: the owner has to make room.
    if (err.statusCode === 507) return { kind: "invalid", status: 507, message: `The OneDrive is full (${err.code ?? "quotaLimitReached"}): make room in it, then retry the failed deliveries` };
    const retryAfter = parseRetryAfter(err.headers?.get("retry-after") ?? null);
    return failureFromStatus(err.statusCode, `Graph answered ${err.statusCode}${err.code ? ` (${err.code})` : ""}: ${err.message || "error"}`, retryAfter);
  }
  const e = err as { message?: string };
  if (isNetworkError(err) || (err instanceof GraphError && err.statusCode <= 0)) return { kind: "transient", message: `Could not reach Microsoft: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
