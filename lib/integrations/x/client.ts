// The few X API v2 calls we make, over fetch. X publishes no official Node SDK for
// API v2 that fits (the community twitter-api-v2 package keeps its own tokens);
// our tokens are refreshed single-flight and sealed by the framework, so a small
// typed client is enough.

/** A refused request with X's problem details ({title, detail, type, status}) and its rate-limit headers. */
export class XApiError extends Error {
  constructor(
    readonly status: number,
    /** X's problem type or OAuth error code ("invalid_grant"). */
    readonly code: string | undefined,
    message: string,
    readonly detail: string,
    /** From x-rate-limit-reset (epoch seconds) on a 429, in milliseconds from now. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "XApiError";
  }
}

function resetIn(res: Response): number | undefined {
  const reset = Number(res.headers.get("x-rate-limit-reset"));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  return Math.max(0, reset * 1000 - Date.now());
}

async function failure(res: Response, what: string): Promise<XApiError> {
  const text = await res.text().catch(() => "");
  let body: { title?: string; detail?: string; type?: string; error?: string; error_description?: string; errors?: Array<{ message?: string }> } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  // An invalid request's detail is generic ("One or more parameters…"); the first of its errors says which and why.
  const why = body.errors?.[0]?.message;
  const detail = body.detail && why && why !== body.detail ? `${body.detail} ${why}` : (body.detail ?? body.error_description ?? why ?? body.title ?? (text.slice(0, 200) || res.statusText));
  return new XApiError(res.status, body.error ?? body.type, `X answered ${res.status} to ${what}: ${detail}`, detail, res.status === 429 ? resetIn(res) : undefined);
}

export async function xRequest<T>(url: string, init: { method: string; accessToken: string; body?: unknown; signal: AbortSignal }): Promise<T> {
  const res = await fetch(url, {
    method: init.method,
    headers: { authorization: `Bearer ${init.accessToken}`, accept: "application/json", ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!res.ok) throw await failure(res, `${init.method} ${new URL(url).pathname}`);
  return (await res.json()) as T;
}

/** X's token endpoint for a confidential client: its credentials in Basic auth, the grant in a form body. */
export async function xTokenRequest<T>(url: string, client: { clientId: string; clientSecret: string }, form: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams(form).toString(),
    signal,
  });
  if (!res.ok) throw await failure(res, `POST ${new URL(url).pathname}`);
  return (await res.json()) as T;
}
