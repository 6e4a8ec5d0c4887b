// Which IP addresses a webhook may reach: only ones routed on the public internet.
// IPv6 is checked against an allow-list (global unicast, 2000::/3) rather than a
// list of bad ranges, so a forgotten special range fails closed. Forms that carry
// an IPv4 address inside an IPv6 one are judged by the IPv4 address they reach.
import { BlockList, isIPv4, isIPv6 } from "node:net";
import type { RefusalReason } from "./errors";

export type AddressRefusal = Extract<
  RefusalReason,
  "loopback" | "private" | "link_local" | "unique_local" | "multicast" | "unspecified" | "reserved"
>;

type Ranges = Array<[prefix: string, bits: number]>;

const IPV4: Array<[AddressRefusal, Ranges]> = [
  ["unspecified", [["0.0.0.0", 8]]],
  ["loopback", [["127.0.0.0", 8]]],
  ["private", [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["100.64.0.0", 10]]],
  ["link_local", [["169.254.0.0", 16]]],
  ["multicast", [["224.0.0.0", 4]]],
  [
    "reserved",
    [
      ["240.0.0.0", 4], // includes 255.255.255.255
      ["192.0.0.0", 24],
      ["192.0.2.0", 24],
      ["198.18.0.0", 15],
      ["198.51.100.0", 24],
      ["203.0.113.0", 24],
      ["192.88.99.0", 24],
    ],
  ],
];

const IPV6: Array<[AddressRefusal, Ranges]> = [
  ["unspecified", [["::", 128]]],
  ["loopback", [["::1", 128]]],
  ["link_local", [["fe80::", 10]]],
  ["unique_local", [["fc00::", 7]]],
  ["multicast", [["ff00::", 8]]],
  // Deprecated site-local: still private wherever it is configured.
  ["private", [["fec0::", 10]]],
  // Documentation, Teredo, benchmarking and other IETF assignments inside 2000::/3.
  ["reserved", [["2001:db8::", 32], ["2001::", 23]]],
];

function compile(table: Array<[AddressRefusal, Ranges]>, type: "ipv4" | "ipv6"): Array<[AddressRefusal, BlockList]> {
  return table.map(([reason, ranges]) => {
    const list = new BlockList();
    for (const [prefix, bits] of ranges) list.addSubnet(prefix, bits, type);
    return [reason, list];
  });
}

const V4 = compile(IPV4, "ipv4");
const V6 = compile(IPV6, "ipv6");
const GLOBAL_V6 = new BlockList();
GLOBAL_V6.addSubnet("2000::", 3, "ipv6");

/** null when the address is public; else why it is not. Anything that is not an IP address is "reserved". */
export function classifyAddress(address: string): AddressRefusal | null {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (isIPv4(ip)) return classifyV4(ip);
  if (!isIPv6(ip)) return "reserved";
  const words = ipv6Words(ip);
  const embedded = embeddedIPv4(words);
  // IPv4-compatible addresses are deprecated and route nowhere useful, whatever they embed.
  if (embedded) return classifyV4(embedded.ip) ?? (embedded.compatible ? "reserved" : null);
  for (const [reason, list] of V6) if (list.check(ip, "ipv6")) return reason;
  return GLOBAL_V6.check(ip, "ipv6") ? null : "reserved";
}

/** Finishes "points to …" and "resolves to …". */
export function describe(reason: AddressRefusal): string {
  return {
    loopback: "a loopback address (this server itself)",
    private: "a private network address",
    link_local: "a link-local address",
    unique_local: "a unique local (private) IPv6 address",
    multicast: "a multicast address",
    unspecified: "an unspecified address",
    reserved: "a reserved address",
  }[reason];
}

function classifyV4(ip: string): AddressRefusal | null {
  for (const [reason, list] of V4) if (list.check(ip, "ipv4")) return reason;
  return null;
}

/**
 * The IPv4 address an IPv6 address delivers to, for the forms that translate:
 * IPv4-mapped (::ffff:a.b.c.d), SIIT (::ffff:0:a.b.c.d), IPv4-compatible
 * (::a.b.c.d, deprecated), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 */
function embeddedIPv4(w: number[]): { ip: string; compatible: boolean } | null {
  const zeros = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  const low = { ip: v4(w[6]!, w[7]!), compatible: false };
  if (zeros(0, 5) && w[5] === 0xffff) return low;
  if (zeros(0, 4) && w[4] === 0xffff && w[5] === 0) return low;
  if (w[0] === 0x64 && w[1] === 0xff9b && zeros(2, 6)) return low;
  if (w[0] === 0x2002) return { ip: v4(w[1]!, w[2]!), compatible: false };
  // :: and ::1 are judged as themselves.
  if (zeros(0, 6) && (w[6] !== 0 || w[7]! > 1)) return { ...low, compatible: true };
  return null;
}

function v4(hi: number, lo: number): string {
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
}

/** The eight 16-bit words of an address net.isIPv6 accepted. */
function ipv6Words(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + ((a << 8) | b).toString(16) + ":" + ((c << 8) | d).toString(16);
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
