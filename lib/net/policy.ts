// Where deliveries may go, decided from the URL alone: the scheme, credentials,
// literal IP hosts and the operator's allow-list. Host names are judged later, by
// the lookup the connection itself uses (see lookup.ts), because only that answer
// is the address we actually reach.
import { isIP } from "node:net";
import { classifyAddress, describe } from "./addresses";
import { OutboundRefused, type RefusalReason } from "./errors";

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Every address a host name resolves to. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Hosts (`name`, `name:port`, `[v6]:port`, `*.suffix`) delivered to without the public-address check. */
  allowHosts: string[];
  /** Plain http only to allow-listed hosts. */
  requireHttps: boolean;
  /** Name resolution, dns.lookup unless a test injects one. */
  resolve?: Resolver;
}

export interface Target {
  url: URL;
  /** Without IPv6 brackets, as the socket wants it. */
  hostname: string;
  allowListed: boolean;
}

const MAX_URL_LENGTH = 2048;

export function outboundPolicyFromEnv(env: Record<string, string | undefined> = process.env): OutboundPolicy {
  const allowHosts = (env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  // A typo here would quietly allow or block everything, so it stops the process instead.
  for (const entry of allowHosts) {
    if (!parseAllowEntry(entry)) throw new Error(`SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: cannot read "${entry}" as a host or host:port`);
  }
  return { allowHosts, requireHttps: readBoolean(env, "SWITCHBOARD_WEBHOOK_REQUIRE_HTTPS", env.NODE_ENV === "production") };
}

/** Parses and checks a delivery URL; throws OutboundRefused. */
export function checkTarget(raw: string, policy: OutboundPolicy): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused("unresolvable", "The endpoint URL is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutboundRefused("scheme", `Refused the ${url.protocol.replace(/:$/, "")} scheme: only http and https are delivered to`);
  }
  // Deliberately no detail: the user name and password are the secret.
  if (url.username || url.password) throw new OutboundRefused("credentials_in_url", "Refused a URL with credentials in it");
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  if (!hostname) throw new OutboundRefused("unresolvable", "The endpoint URL has no host");
  const allowListed = isAllowListed(policy, hostname, effectivePort(url));
  if (policy.requireHttps && url.protocol === "http:" && !allowListed) {
    throw new OutboundRefused("scheme", `Refused plain http to ${hostname}: https is required`);
  }
  if (isIP(hostname) && !allowListed) {
    const reason = classifyAddress(hostname);
    if (reason) throw new OutboundRefused(reason, `Refused ${hostname}: it is ${describe(reason)}`);
  }
  return { url, hostname, allowListed };
}

/** Checks a URL when an admin saves it (shape, scheme, literal IPs, credentials); null when acceptable, else a sentence for the form field. */
export function endpointUrlProblem(url: string, policy: OutboundPolicy): string | null {
  const trimmed = url.trim();
  if (trimmed.length > MAX_URL_LENGTH) return `Use a URL of at most ${MAX_URL_LENGTH} characters.`;
  let target: Target;
  try {
    target = checkTarget(trimmed, policy);
  } catch (err) {
    if (!(err instanceof OutboundRefused)) throw err;
    return sentenceFor(err.reason, policy);
  }
  // localhost never needs DNS to be loopback (RFC 6761), so it can be refused now rather than at every delivery.
  const name = target.hostname.replace(/\.$/, "");
  if (!target.allowListed && (name === "localhost" || name.endsWith(".localhost"))) return sentenceFor("loopback", policy);
  return null;
}

function sentenceFor(reason: RefusalReason, policy: OutboundPolicy): string {
  switch (reason) {
    case "scheme":
      return policy.requireHttps ? "Use an https:// URL." : "Use an http:// or https:// URL.";
    case "credentials_in_url":
      return "Remove the user name and password from the URL; deliveries are authenticated by their signature.";
    case "unresolvable":
    case "redirect":
      return "Enter a full URL, such as https://example.com/webhooks.";
    default:
      return `This URL points to ${describe(reason)}; webhooks are only delivered to public internet addresses.`;
  }
}

function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

function isAllowListed(policy: OutboundPolicy, hostname: string, port: number): boolean {
  const host = normalizeHost(hostname);
  return policy.allowHosts.some((raw) => {
    const entry = parseAllowEntry(raw);
    if (!entry || (entry.port !== undefined && entry.port !== port)) return false;
    if (!entry.host.startsWith("*.")) return entry.host === host;
    // A wildcard names DNS subdomains only; "*.0.1" must not cover 127.0.0.1.
    return !isIP(host) && host.endsWith(entry.host.slice(1)) && host.length > entry.host.length - 1;
  });
}

/** `name`, `name:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; host normalized like URL.hostname. */
function parseAllowEntry(raw: string): { host: string; port?: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^:]+)|([0-9a-f:.]+))(?::(\d{1,5}))?$/i.exec(raw.trim());
  let host = m?.[1] ?? m?.[2];
  let port = m?.[4];
  if (!host && m?.[3]) {
    // Several colons without brackets: a bare IPv6 address, never a port.
    host = `${m[3]}${port !== undefined ? `:${port}` : ""}`;
    port = undefined;
  }
  if (!host) return null;
  const wildcard = host.startsWith("*.");
  try {
    const bare = wildcard ? host.slice(2) : host;
    const parsed = new URL(`http://${isIP(bare) === 6 ? `[${bare}]` : bare}/`).hostname;
    const normalized = normalizeHost(parsed.replace(/^\[|\]$/g, ""));
    return { host: wildcard ? `*.${normalized}` : normalized, port: port === undefined ? undefined : Number(port) };
  } catch {
    return null;
  }
}

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}

function readBoolean(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return fallback;
  if (["true", "1", "yes", "on"].includes(value)) return true;
  if (["false", "0", "no", "off"].includes(value)) return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}
