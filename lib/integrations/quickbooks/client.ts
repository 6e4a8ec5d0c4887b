// A small typed client for the QuickBooks Online accounting API. Intuit's own
// Node package is an OAuth client only (intuit-oauth), and the community
// node-quickbooks keeps tokens itself and has callbacks, not promises; we refresh
// tokens single-flight, seal them in the vault and run each call through the call
// policy, so plain fetch over Intuit's documented JSON is the better fit.
import { parseRetryAfter } from "../http-failure";
import { MINOR_VERSION } from "./endpoints";

/** A refused request, with the first error of Intuit's Fault envelope when it sent one. */
export class QuickBooksApiError extends Error {
  constructor(
    readonly status: number,
    /** Intuit's error code ("6240" duplicate name, "5010" stale object, "6210" closed period) or the OAuth error. */
    readonly code: string | undefined,
    /** Intuit's own words, for the admin: Message and Detail of the fault. */
    readonly providerMessage: string,
    message: string,
    readonly retryAfterMs?: number,
    readonly faultType?: string,
  ) {
    super(message);
    this.name = "QuickBooksApiError";
  }
}

interface FaultBody {
  Fault?: { type?: string; Error?: Array<{ Message?: string; Detail?: string; code?: string; element?: string }> };
  fault?: { type?: string; error?: Array<{ message?: string; detail?: string; code?: string }> };
  error?: string;
  error_description?: string;
}

async function failure(res: Response, what: string): Promise<QuickBooksApiError> {
  const text = await res.text().catch(() => "");
  let body: FaultBody = {};
  try {
    body = JSON.parse(text) as FaultBody;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const e = body.Fault?.Error?.[0];
  const lower = body.fault?.error?.[0];
  const code = e?.code ?? lower?.code ?? body.error;
  const said = e ? [e.Message, e.Detail].filter(Boolean).join(": ") : lower ? [lower.message, lower.detail].filter(Boolean).join(": ") : (body.error_description ?? body.error ?? (text.slice(0, 200) || res.statusText));
  return new QuickBooksApiError(res.status, code, said, `QuickBooks answered ${res.status} to ${what}: ${said}`, parseRetryAfter(res.headers.get("retry-after")), body.Fault?.type ?? body.fault?.type);
}

export async function qboRequest<T>(url: string, init: { method: "GET" | "POST"; accessToken: string; body?: unknown; query?: Record<string, string>; signal: AbortSignal }): Promise<T> {
  const u = new URL(url);
  for (const [k, v] of Object.entries(init.query ?? {})) u.searchParams.set(k, v);
  u.searchParams.set("minorversion", MINOR_VERSION);
  const res = await fetch(u, {
    method: init.method,
    headers: { authorization: `Bearer ${init.accessToken}`, accept: "application/json", ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!res.ok) throw await failure(res, `${init.method} ${u.pathname.replace(/\/company\/[^/]+/, "/company/…")}`);
  return (await res.json()) as T;
}

/** Intuit's token endpoints: the client's credentials in Basic auth, the grant in a form body (revoke: JSON). */
export async function qboTokenRequest<T>(url: string, client: { clientId: string; clientSecret: string }, body: Record<string, string>, signal?: AbortSignal, json = false): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
      "content-type": json ? "application/json" : "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
    signal,
  });
  if (!res.ok) throw await failure(res, `POST ${new URL(url).pathname}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}
