// Which address a request came from. Route handlers do not see the socket, and
// Next.js copies the socket's address into X-Forwarded-For only when the client
// sent none, so a client talking to Next.js directly can write any address there.
// The header is therefore believed only when TRUST_PROXY_HOPS says how many
// proxies of ours stand in front: the address the outermost of them saw is the
// entry that many places from the right (each proxy appends what it saw).
// Without it, the address is unknown and per-address limits do not apply;
// the per-account and per-e-mail limits still do.
type Env = Record<string, string | undefined>;

export function trustedProxyHops(env: Env = process.env): number {
  const raw = env.TRUST_PROXY_HOPS?.trim();
  if (!raw) return 0;
  if (!/^\d+$/.test(raw)) throw new Error(`TRUST_PROXY_HOPS must be the number of proxies in front of Switchboard (0, 1, 2, …); it is "${raw}".`);
  return Number(raw);
}

export function clientIp(headers: Headers | Record<string, unknown> | undefined, env: Env = process.env): string | null {
  const hops = trustedProxyHops(env);
  if (hops === 0 || !headers) return null;
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : typeof raw === "string" ? raw : "";
  const chain = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (chain.length === 0) return null;
  return chain[Math.max(0, chain.length - hops)]!;
}
