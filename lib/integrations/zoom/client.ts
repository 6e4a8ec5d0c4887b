// A small typed client for the few Zoom REST calls we make. Zoom's own Node
// package (@zoom/rivet) is a framework that keeps its own tokens and runs its own
// webhook server; we refresh tokens single-flight, seal them in the vault and
// receive callbacks through our own pipeline, so plain fetch is the better fit.
import { parseRetryAfter } from "../http-failure";

/** A refused request, with Zoom's own error code ({code, message}) when it sent one. */
export class ZoomApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | string | undefined,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ZoomApiError";
  }
}

async function failure(res: Response, what: string): Promise<ZoomApiError> {
  const text = await res.text().catch(() => "");
  let body: { code?: number; message?: string; error?: string; reason?: string; error_description?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const code = body.code ?? body.error;
  const detail = body.message ?? body.reason ?? body.error_description ?? (text.slice(0, 200) || res.statusText);
  return new ZoomApiError(res.status, code, `Zoom answered ${res.status} to ${what}: ${detail}`, parseRetryAfter(res.headers.get("retry-after")));
}

export async function zoomRequest<T>(
  url: string,
  init: { method: string; accessToken: string; body?: unknown; signal: AbortSignal },
): Promise<T> {
  const res = await fetch(url, {
    method: init.method,
    headers: { authorization: `Bearer ${init.accessToken}`, accept: "application/json", ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!res.ok) throw await failure(res, `${init.method} ${new URL(url).pathname}`);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Zoom's token endpoint: client credentials in Basic auth, the grant in a form body. */
export async function zoomTokenRequest<T>(url: string, client: { clientId: string; clientSecret: string }, form: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams(form).toString(),
    signal,
  });
  if (!res.ok) throw await failure(res, `POST ${new URL(url).pathname}`);
  return (await res.json()) as T;
}
