// Shared reading of HTTP-ish failures, for connectors whose SDK errors carry a status.
import type { ProviderFailure } from "./contract";

const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

export function isNetworkError(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown }; name?: unknown } | null;
  if (!e) return false;
  return NETWORK_CODES.has(String(e.code)) || NETWORK_CODES.has(String(e.cause?.code)) || e.name === "AbortError";
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const s = String(Array.isArray(value) ? value[0] : value);
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function failureFromStatus(status: number, message: string, retryAfterMs?: number): ProviderFailure {
  if (status === 429) return { kind: "rate_limited", status, message, retryAfterMs };
  if (status >= 500) return { kind: "transient", status, message, retryAfterMs };
  if (status === 401 || status === 403) return { kind: "auth", status, message };
  if (status === 404 || status === 410) return { kind: "not_found", status, message };
  if (status >= 400) return { kind: "invalid", status, message };
  return { kind: "unknown", status, message };
}
