import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError } from "../http-failure";
import { ZoomApiError } from "./client";

// Zoom's token endpoint refuses a revoked or used-up refresh token with 400/401 and one of these.
const GRANT_ERRORS = new Set(["invalid_grant", "invalid_request", "invalid_token"]);

export function classifyZoomError(err: unknown): ProviderFailure {
  if (err instanceof ZoomApiError) {
    if (typeof err.code === "string" && GRANT_ERRORS.has(err.code) && err.message.includes("/oauth/token")) {
      return { kind: "auth", status: err.status, message: `${err.message}; reconnect Zoom` };
    }
    // 124: invalid access token (revoked, or the app was removed from the account).
    if (err.status === 401 || err.code === 124) return { kind: "auth", status: err.status, message: `${err.message}; reconnect Zoom` };
    return failureFromStatus(err.status, err.message, err.retryAfterMs);
  }
  const e = err as { message?: string };
  if (isNetworkError(err)) return { kind: "transient", message: `Could not reach Zoom: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
