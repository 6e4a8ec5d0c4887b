// Who sent a request, and over which scheme and host, as route handlers read it
// from X-Forwarded-*. Route handlers do not see the socket, and Next.js keeps
// any X-Forwarded-* a client sends, so our own server (scripts/serve.ts) rewrites
// these headers from the socket before Next.js sees the request:
//
// - TRUST_PROXY_HOPS=0 (default, nothing of ours in front): X-Forwarded-For
//   becomes the socket's address alone, X-Forwarded-Proto the socket's scheme,
//   and the other forwarding headers are dropped (Next.js refills Host and Port
//   from the request itself).
// - TRUST_PROXY_HOPS=N: the N proxies in front each appended the address they
//   saw; we append the socket's address (the nearest proxy), so the client is the
//   entry N places left of the last one. Scheme and host are the proxies' word.
//
// Anything further left than that was written by the client and is never used.
import type { IncomingHttpHeaders } from "node:http";

type Env = Record<string, string | undefined>;

export function trustedProxyHops(env: Env = process.env): number {
  const raw = env.TRUST_PROXY_HOPS?.trim();
  if (!raw) return 0;
  if (!/^\d+$/.test(raw)) throw new Error(`TRUST_PROXY_HOPS must be the number of proxies in front of Switchboard (0, 1, 2, …); it is "${raw}".`);
  return Number(raw);
}

/** What the server knows from the connection itself. */
export interface Peer {
  remoteAddress?: string | undefined;
  /** Set on TLS sockets. */
  encrypted?: boolean | undefined;
}

// Headers a client could use to claim another address, scheme or host.
const CLAIMS = ["x-forwarded-host", "x-forwarded-port", "x-forwarded-proto", "x-forwarded-for", "forwarded", "x-real-ip"];

function joined(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim();
}

/** The request's headers with the forwarding headers set from the socket, as described above. */
export function withForwardedFromSocket(headers: IncomingHttpHeaders, peer: Peer, hops: number): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers };
  const address = peer.remoteAddress?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  if (hops === 0) {
    for (const name of CLAIMS) delete out[name];
    out["x-forwarded-proto"] = peer.encrypted ? "https" : "http";
    if (address) out["x-forwarded-for"] = address;
    return out;
  }
  const before = joined(headers["x-forwarded-for"]);
  if (address) out["x-forwarded-for"] = before ? `${before}, ${address}` : address;
  return out;
}

/**
 * The client's address in an X-Forwarded-For written by withForwardedFromSocket:
 * the entry `hops` places left of the last one. With fewer entries than that
 * (a request that skipped a proxy), the leftmost one.
 */
export function addressFromForwardedFor(value: string | string[] | undefined, hops: number): string | null {
  const chain = joined(value)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  return chain[Math.max(0, chain.length - 1 - hops)]!;
}
