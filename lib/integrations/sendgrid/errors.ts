import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError, parseRetryAfter } from "../http-failure";

interface SendGridResponseError {
  code?: number;
  message?: string;
  response?: { headers?: Record<string, string>; body?: { errors?: Array<{ message?: string; field?: string | null }> } | string };
}

export function classifySendGridError(err: unknown): ProviderFailure {
  const e = err as SendGridResponseError;
  if (typeof e?.code === "number" && e.response) {
    const body = typeof e.response.body === "object" ? e.response.body : undefined;
    const detail = body?.errors?.map((x) => (x.field ? `${x.field}: ${x.message}` : x.message)).join("; ") || e.message || "error";
    const headers = e.response.headers ?? {};
    // SendGrid sends X-RateLimit-Reset (epoch seconds) rather than Retry-After.
    const reset = headers["x-ratelimit-reset"] ? Number(headers["x-ratelimit-reset"]) * 1000 - Date.now() : undefined;
    const retryAfterMs = parseRetryAfter(headers["retry-after"]) ?? (reset && reset > 0 ? reset : undefined);
    return failureFromStatus(e.code, `SendGrid answered ${e.code}: ${detail}`, retryAfterMs);
  }
  if (isNetworkError(err) || (err as { isAxiosError?: boolean })?.isAxiosError) {
    return { kind: "transient", message: `Could not reach SendGrid: ${(err as Error).message}` };
  }
  return { kind: "unknown", message: (err as Error)?.message ?? String(err) };
}
