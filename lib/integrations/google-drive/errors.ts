import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError, parseRetryAfter } from "../http-failure";

interface GaxiosLike {
  message?: string;
  status?: number;
  response?: { status?: number; headers?: Record<string, string> | Headers; data?: unknown };
}

function header(h: Record<string, string> | Headers | undefined, name: string): string | undefined {
  if (!h) return undefined;
  return typeof (h as Headers).get === "function" ? (h as Headers).get(name) ?? undefined : (h as Record<string, string>)[name];
}

/** Drive answers a busy account with 403 and one of these reasons: they pass, so they are retried. */
const RATE_REASONS = new Set(["userRateLimitExceeded", "rateLimitExceeded", "sharingRateLimitExceeded"]);

export function classifyDriveError(err: unknown): ProviderFailure {
  const e = err as GaxiosLike;
  const status = e?.response?.status ?? e?.status;
  if (typeof status === "number") {
    const data = e.response?.data as { error?: string | { message?: string; errors?: Array<{ reason?: string }> }; error_description?: string } | undefined;
    // The token endpoint answers 400 invalid_grant for a revoked or expired refresh token.
    if (data?.error === "invalid_grant") {
      return { kind: "auth", status, message: `Google refused the grant: ${data.error_description ?? "invalid_grant"}; reconnect Google Drive` };
    }
    const reason = typeof data?.error === "object" ? data.error.errors?.[0]?.reason : undefined;
    const detail = typeof data?.error === "object" ? data.error.message : (data?.error_description ?? data?.error ?? e.message);
    const retryAfter = parseRetryAfter(header(e.response?.headers, "retry-after"));
    if (status === 403 && reason && RATE_REASONS.has(reason)) return { kind: "rate_limited", status, message: `Google Drive is limiting requests: ${detail ?? reason}`, retryAfterMs: retryAfter };
    if (status === 401) return { kind: "auth", status, message: `Google Drive refused the access token (${detail ?? "401"}); reconnect Google Drive` };
    return failureFromStatus(status, `Google Drive answered ${status}: ${detail ?? "error"}`, retryAfter);
  }
  if (isNetworkError(err)) return { kind: "transient", message: `Could not reach Google Drive: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
