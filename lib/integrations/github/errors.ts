// GitHub's failures as the call policy reads them. Octokit throws a RequestError
// carrying the status and headers; GitHub answers an exhausted rate limit with 403
// (or 429) and x-ratelimit-remaining: 0 or a Retry-After, which is a wait, not a
// refused credential.
import type { ProviderFailure } from "../contract";
import { failureFromStatus, isNetworkError, parseRetryAfter } from "../http-failure";

/** Octokit's RequestError (name "HttpError"); read by shape, as the class lives in a package of Octokit's own. */
interface RequestError {
  name: string;
  status: number;
  message: string;
  response?: { headers: Record<string, string | number | undefined>; data?: unknown };
}

function isRequestError(err: unknown): err is RequestError {
  const e = err as Partial<RequestError> | null;
  return !!e && e.name === "HttpError" && typeof e.status === "number";
}

function messageOf(err: RequestError): string {
  const data = err.response?.data as { message?: string; errors?: Array<{ message?: string; code?: string; field?: string }> } | undefined;
  const details = (data?.errors ?? []).map((e) => e.message ?? [e.field, e.code].filter(Boolean).join(" ")).filter(Boolean);
  const base = data?.message ?? err.message;
  return details.length ? `${base}: ${details.join("; ")}` : base;
}

export function classifyGithubError(err: unknown): ProviderFailure {
  if (isRequestError(err)) {
    const headers = err.response?.headers ?? {};
    const message = `GitHub answered ${err.status}: ${messageOf(err)}`;
    const retryAfterMs = parseRetryAfter(headers["retry-after"]);
    const exhausted = String(headers["x-ratelimit-remaining"]) === "0";
    if (err.status === 429 || (err.status === 403 && (exhausted || retryAfterMs !== undefined))) {
      const reset = Number(headers["x-ratelimit-reset"]);
      return { kind: "rate_limited", status: err.status, message, retryAfterMs: retryAfterMs ?? (Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined) };
    }
    if (err.status === 401) return { kind: "auth", status: 401, message: `${message}; reconnect GitHub` };
    return failureFromStatus(err.status, message, retryAfterMs);
  }
  const e = err as { message?: string };
  if (isNetworkError(err)) return { kind: "transient", message: `Could not reach GitHub: ${e?.message ?? "network error"}` };
  return { kind: "unknown", message: e?.message ?? String(err) };
}
