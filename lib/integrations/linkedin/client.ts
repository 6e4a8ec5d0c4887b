// The few LinkedIn calls we make, over fetch: LinkedIn publishes no Node SDK for
// its versioned REST API (its old JavaScript SDK is for browsers and retired).
// Every REST call carries LinkedIn-Version and the Rest.li protocol version, as
// the Posts API requires.
import { parseRetryAfter } from "../http-failure";
import { LINKEDIN_VERSION } from "./endpoints";

/** A refused request, with LinkedIn's own error code ("REVOKED_ACCESS_TOKEN", serviceErrorCode 65601) when it sent one. */
export class LinkedInApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "LinkedInApiError";
  }
}

async function failure(res: Response, what: string): Promise<LinkedInApiError> {
  const text = await res.text().catch(() => "");
  let body: { message?: string; code?: string; serviceErrorCode?: number; error?: string; error_description?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const detail = body.message ?? body.error_description ?? (text.slice(0, 200) || res.statusText);
  return new LinkedInApiError(res.status, body.code ?? body.error, `LinkedIn answered ${res.status} to ${what}: ${detail}`, detail, parseRetryAfter(res.headers.get("retry-after")));
}

export interface LinkedInAnswer<T> {
  body: T;
  headers: Headers;
}

export async function linkedinRequest<T>(url: string, init: { method: string; accessToken: string; body?: unknown; signal: AbortSignal; rest?: boolean }): Promise<LinkedInAnswer<T>> {
  const res = await fetch(url, {
    method: init.method,
    headers: {
      authorization: `Bearer ${init.accessToken}`,
      accept: "application/json",
      ...(init.rest ? { "LinkedIn-Version": LINKEDIN_VERSION, "X-Restli-Protocol-Version": "2.0.0" } : {}),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!res.ok) throw await failure(res, `${init.method} ${new URL(url).pathname}`);
  const text = await res.text();
  return { body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

/** LinkedIn's token endpoints take the client's credentials in the form body. */
export async function linkedinTokenRequest<T>(url: string, client: { clientId: string; clientSecret: string }, form: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ ...form, client_id: client.clientId, client_secret: client.clientSecret }).toString(),
    signal,
  });
  if (!res.ok) throw await failure(res, `POST ${new URL(url).pathname}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}
