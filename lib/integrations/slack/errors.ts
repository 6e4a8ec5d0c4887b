import { ErrorCode } from "@slack/web-api";
import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError } from "../http-failure";

const AUTH = new Set(["not_authed", "invalid_auth", "token_revoked", "token_expired", "account_inactive", "missing_scope", "no_permission", "invalid_code", "invalid_client_id", "bad_client_secret", "bad_redirect_uri"]);
const RETRYABLE = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

export function classifySlackError(err: unknown): ProviderFailure {
  const e = err as { code?: string; data?: { error?: string; needed?: string }; retryAfter?: number; statusCode?: number; message?: string };
  if (e?.code === ErrorCode.RateLimitedError) {
    return { kind: "rate_limited", status: 429, message: "Slack rate limit reached", retryAfterMs: (e.retryAfter ?? 1) * 1000 };
  }
  if (e?.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? "unknown_error";
    const message = code === "missing_scope" ? `Slack says the app lacks a permission (${e.data?.needed ?? "unknown"})` : `Slack answered ${code}`;
    if (AUTH.has(code)) return { kind: "auth", message };
    if (code === "ratelimited") return { kind: "rate_limited", message };
    if (RETRYABLE.has(code)) return { kind: "transient", message };
    if (code === "channel_not_found") return { kind: "not_found", message: "Slack cannot find the channel; choose another in the settings" };
    return { kind: "invalid", message };
  }
  if (e?.code === ErrorCode.HTTPError && e.statusCode) return failureFromStatus(e.statusCode, `Slack answered HTTP ${e.statusCode}`);
  if (e?.code === ErrorCode.RequestError || isNetworkError(err)) return { kind: "transient", message: `Could not reach Slack: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
