// The name lookup of every delivery socket. Checking the answer here, rather than
// when the URL is saved or just before connecting, means the address judged is
// the address connected to: a name that resolves public once and private the next
// time (DNS rebinding) is caught on the answer that matters.
import { promises as dns } from "node:dns";
import type { LookupAddress, LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { classifyAddress, describe } from "./addresses";
import type { Resolver } from "./policy";
import { OutboundRefused } from "./errors";

export const systemResolver: Resolver = (host) => dns.lookup(host, { all: true, order: "verbatim" });

export function guardedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    publicAddresses(resolve, hostname, options).then(
      (addresses) => {
        // net asks for every address when it races IPv4 and IPv6 (autoSelectFamily), for one otherwise.
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ""),
    );
  };
}

async function publicAddresses(resolve: Resolver, hostname: string, options: LookupOptions): Promise<LookupAddress[]> {
  const all = await resolve(hostname);
  if (all.length === 0) throw new OutboundRefused("unresolvable", `${hostname} resolves to no address`);
  // Every address, not only the one net would pick: it may fall back to any of them.
  for (const { address } of all) {
    const reason = classifyAddress(address);
    if (reason) throw new OutboundRefused(reason, `Refused ${hostname}: it resolves to ${describe(reason)}`);
  }
  const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
  const wanted = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
  if (wanted.length === 0) {
    throw Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: "ENOTFOUND" });
  }
  return wanted.map(({ address, family }) => ({ address, family }));
}
