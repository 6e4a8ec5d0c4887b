// One HTTP exchange with PayPal's REST API: JSON in, JSON out, PayPal's refusals as
// PayPalApiError. Callers go through ./client (the call policy and the token).
import { PayPalApiError } from "./errors";

export interface PayPalRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Below the API base, without a leading slash: "v2/checkout/orders". */
  path: string;
  body?: unknown;
  /** PayPal-Request-Id: PayPal's idempotency key, at most 108 characters. */
  requestId?: string;
  /** Prefer: return=representation for the whole object (captures, refunds). */
  representation?: boolean;
}

export interface PayPalResponse {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

export function apiUrl(baseUrl: string, path: string): string {
  return new URL(path.replace(/^\//, ""), baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 500) };
  }
}

export async function exchange(baseUrl: string, init: { method: string; path: string; headers: Record<string, string>; body?: string }, signal: AbortSignal): Promise<PayPalResponse> {
  const res = await fetch(apiUrl(baseUrl, init.path), { method: init.method, headers: { Accept: "application/json", ...init.headers }, body: init.body, signal, redirect: "error" });
  return { status: res.status, body: await readBody(res), retryAfter: res.headers.get("retry-after") };
}

export function sendApi(baseUrl: string, token: string, req: PayPalRequest, signal: AbortSignal): Promise<PayPalResponse> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (req.body !== undefined) headers["Content-Type"] = "application/json";
  if (req.requestId) headers["PayPal-Request-Id"] = req.requestId;
  if (req.representation) headers.Prefer = "return=representation";
  return exchange(baseUrl, { method: req.method, path: req.path, headers, body: req.body === undefined ? undefined : JSON.stringify(req.body) }, signal);
}

export function okOrThrow<T>(res: PayPalResponse): T {
  if (res.status >= 200 && res.status < 300) return res.body as T;
  throw new PayPalApiError(res.status, res.body, res.retryAfter);
}

/** A 401 with invalid_token: the access token expired or was revoked early, not the app's credentials. */
export function tokenRejected(res: PayPalResponse): boolean {
  return res.status === 401 && (res.body as { error?: unknown } | null)?.error === "invalid_token";
}
