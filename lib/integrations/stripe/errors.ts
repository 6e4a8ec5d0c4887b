import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError, parseRetryAfter } from "../http-failure";

interface StripeErrorLike {
  type?: string;
  message?: string;
  statusCode?: number;
  code?: string;
  headers?: Record<string, string>;
}

export function classifyStripeError(err: unknown): ProviderFailure {
  const e = err as StripeErrorLike;
  const message = `Stripe: ${e?.message ?? String(err)}`;
  switch (e?.type) {
    case "StripeAuthenticationError":
    case "StripePermissionError":
      return { kind: "auth", status: e.statusCode, message };
    case "StripeRateLimitError":
      return { kind: "rate_limited", status: 429, message, retryAfterMs: parseRetryAfter(e.headers?.["retry-after"]) };
    case "StripeConnectionError":
      return { kind: "transient", message };
    case "StripeIdempotencyError":
      return { kind: "invalid", status: e.statusCode, message };
  }
  if (typeof e?.statusCode === "number") return failureFromStatus(e.statusCode, message, parseRetryAfter(e.headers?.["retry-after"]));
  if (isNetworkError(err)) return { kind: "transient", message };
  return { kind: "unknown", message };
}
