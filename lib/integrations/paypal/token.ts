// PayPal's REST calls carry a client-credentials access token (9 hours in PayPal's
// answer). One is kept per connection and credentials in this process's memory, and
// fetched again shortly before it expires; concurrent callers share one fetch.
import { createHash } from "node:crypto";
import type { PayPalContext } from "./manifest";
import { exchange, okOrThrow } from "./http";

export interface AccessToken {
  accessToken: string;
  appId: string | null;
  /** When this process stops using it (Date.now() milliseconds), a little before PayPal's expiry. */
  renewAt: number;
  expiresInSeconds: number;
}

type Ctx = PayPalContext;

const cache = new Map<string, AccessToken>();
const inflight = new Map<string, Promise<AccessToken>>();

/** The same connection with other credentials, or another mode's base URL, is another token. */
function keyOf(ctx: Ctx): string {
  const creds = createHash("sha256").update(`${ctx.baseUrl}\n${ctx.credentials.clientId}\n${ctx.credentials.clientSecret}`).digest("hex");
  return `${ctx.connection.id}:${creds}`;
}

function renewAt(expiresIn: number): number {
  // Five minutes early, or half the lifetime for a token shorter than ten minutes.
  const margin = expiresIn > 600 ? 300 : expiresIn / 2;
  return Date.now() + (expiresIn - margin) * 1000;
}

/** POST /v1/oauth2/token; the result is cached. Callers that log it wrap this in ctx.call. */
export async function requestToken(ctx: Ctx, signal: AbortSignal): Promise<AccessToken> {
  const basic = Buffer.from(`${ctx.credentials.clientId}:${ctx.credentials.clientSecret}`).toString("base64");
  const res = await exchange(
    ctx.baseUrl,
    { method: "POST", path: "v1/oauth2/token", headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" },
    signal,
  );
  const body = okOrThrow<{ access_token: string; expires_in: number; app_id?: string }>(res);
  const token = { accessToken: body.access_token, appId: body.app_id ?? null, renewAt: renewAt(body.expires_in), expiresInSeconds: body.expires_in };
  cache.set(keyOf(ctx), token);
  return token;
}

/** A usable token: the cached one, or a new one (fresh: always a new one, which proves the credentials). */
export function accessToken(ctx: Ctx, opts: { fresh?: boolean } = {}): Promise<AccessToken> {
  const key = keyOf(ctx);
  const hit = cache.get(key);
  if (!opts.fresh && hit && hit.renewAt > Date.now()) return Promise.resolve(hit);
  let pending = inflight.get(key);
  if (!pending) {
    pending = ctx.call("oauth2.token", (signal) => requestToken(ctx, signal)).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

/**
 * PayPal refused `rejected` as expired or revoked before we expected: drop it and
 * get another, unless a concurrent caller already has. Runs inside the caller's
 * attempt (not as a call of its own): a stale token is not the credentials failing.
 */
export function replaceToken(ctx: Ctx, rejected: string, signal: AbortSignal): Promise<AccessToken> {
  const key = keyOf(ctx);
  const current = cache.get(key);
  if (current && current.accessToken !== rejected && current.renewAt > Date.now()) return Promise.resolve(current);
  if (current?.accessToken === rejected) cache.delete(key);
  let pending = inflight.get(key);
  if (!pending) {
    pending = requestToken(ctx, signal).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}
