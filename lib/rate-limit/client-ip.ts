// Which address a request came from, for the per-address limits. Our server
// (scripts/serve.ts) writes X-Forwarded-For from the socket before Next.js sees
// the request, so the header's last entry is the address that connected to us;
// with TRUST_PROXY_HOPS=N proxies of ours in front, the client is the entry N
// places left of it (lib/headers/forwarded.ts has the whole contract).
import { addressFromForwardedFor, trustedProxyHops } from "@/lib/headers/forwarded";

type Env = Record<string, string | undefined>;

export { trustedProxyHops };

export function clientIp(headers: Headers | Record<string, unknown> | undefined, env: Env = process.env): string | null {
  const hops = trustedProxyHops(env);
  if (!headers) return null;
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw : undefined;
  return addressFromForwardedFor(value, hops);
}
