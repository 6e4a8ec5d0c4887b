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

export function classifyGoogleError(err: unknown): ProviderFailure {
  const e = err as GaxiosLike;
  const status = e?.response?.status ?? e?.status;
  if (typeof status === "number") {
    const data = e.response?.data as { error?: string | { message?: string }; error_description?: string } | undefined;
    // The token endpoint answers 400 invalid_grant for a revoked or expired refresh token.
    if (data?.error === "invalid_grant") {
      return { kind: "auth", status, message: `Google refused the grant: ${data.error_description ?? "invalid_grant"}; reconnect Google Calendar` };
    }
    const detail = typeof data?.error === "object" ? data.error.message : (data?.error_description ?? data?.error ?? e.message);
    return failureFromStatus(status, `Google answered ${status}: ${detail ?? "error"}`, parseRetryAfter(header(e.response?.headers, "retry-after")));
  }
  if (isNetworkError(err)) return { kind: "transient", message: `Could not reach Google: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
