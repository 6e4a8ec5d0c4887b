// The client address contract between our server (scripts/serve.ts rewrites the
// forwarding headers from the socket) and the rate limits (clientIp reads them):
// a client cannot pick its address, scheme or host unless a proxy of ours stands
// in front, and then only the entries that proxy wrote count.
import { describe, expect, it } from "vitest";
import { withForwardedFromSocket } from "@/lib/headers/forwarded";
import { clientIp } from "@/lib/rate-limit/client-ip";

const spoofed = {
  host: "app.example.test",
  "x-forwarded-for": "198.51.100.1, 198.51.100.2",
  "x-forwarded-proto": "https",
  "x-forwarded-host": "elsewhere.example.test",
  "x-forwarded-port": "443",
  forwarded: "for=198.51.100.3;proto=https",
  "x-real-ip": "198.51.100.4",
};

/** What a route handler sees after our server handed the request to Next.js. */
function seen(headers: Record<string, string>, peer: { remoteAddress?: string; encrypted?: boolean }, hops: number) {
  const out = withForwardedFromSocket(headers, peer, hops);
  return { out, ip: clientIp(new Headers(out as Record<string, string>), { TRUST_PROXY_HOPS: String(hops) }) };
}

describe("client address with no proxy trusted (the default)", () => {
  it("replaces a spoofed X-Forwarded-For with the socket's address, which the limits then count", () => {
    const { out, ip } = seen(spoofed, { remoteAddress: "203.0.113.5" }, 0);
    expect(out["x-forwarded-for"]).toBe("203.0.113.5");
    expect(ip).toBe("203.0.113.5");
    expect(clientIp(new Headers(out as Record<string, string>), {})).toBe("203.0.113.5");
  });

  it("sets the scheme from the socket and drops claimed hosts, ports and addresses", () => {
    const { out } = seen(spoofed, { remoteAddress: "203.0.113.5" }, 0);
    expect(out["x-forwarded-proto"]).toBe("http");
    expect(out).not.toHaveProperty("x-forwarded-host");
    expect(out).not.toHaveProperty("x-forwarded-port");
    expect(out).not.toHaveProperty("forwarded");
    expect(out).not.toHaveProperty("x-real-ip");
    expect(out.host).toBe("app.example.test");
    expect(seen(spoofed, { remoteAddress: "203.0.113.5", encrypted: true }, 0).out["x-forwarded-proto"]).toBe("https");
  });

  it("counts an IPv4 client on a dual-stack socket by its IPv4 address", () => {
    expect(seen({}, { remoteAddress: "::ffff:127.0.0.2" }, 0).ip).toBe("127.0.0.2");
    expect(seen({}, { remoteAddress: "2001:db8::7" }, 0).ip).toBe("2001:db8::7");
  });

  it("knows no address when the socket has none, rather than believing the header", () => {
    const { out, ip } = seen(spoofed, {}, 0);
    expect(out).not.toHaveProperty("x-forwarded-for");
    expect(ip).toBeNull();
  });
});

describe("client address behind proxies (TRUST_PROXY_HOPS=N)", () => {
  it("appends the socket's address and takes the address the one proxy saw", () => {
    // The client claimed 198.51.100.1; the load balancer saw 203.0.113.9 and appended it; it connects from 10.0.0.2.
    const { out, ip } = seen({ ...spoofed, "x-forwarded-for": "198.51.100.1, 203.0.113.9" }, { remoteAddress: "10.0.0.2" }, 1);
    expect(out["x-forwarded-for"]).toBe("198.51.100.1, 203.0.113.9, 10.0.0.2");
    expect(ip).toBe("203.0.113.9");
  });

  it("takes the address the outermost of two proxies saw", () => {
    const { ip } = seen({ "x-forwarded-for": "198.51.100.1, 203.0.113.9, 10.0.0.7" }, { remoteAddress: "10.0.0.2" }, 2);
    expect(ip).toBe("203.0.113.9");
  });

  it("keeps the scheme and host the proxies sent", () => {
    const { out } = seen(spoofed, { remoteAddress: "10.0.0.2" }, 1);
    expect(out["x-forwarded-proto"]).toBe("https");
    expect(out["x-forwarded-host"]).toBe("elsewhere.example.test");
  });

  it("takes the leftmost entry when fewer proxies wrote than configured", () => {
    expect(seen({}, { remoteAddress: "10.0.0.2" }, 1).ip).toBe("10.0.0.2");
  });

  it("refuses a TRUST_PROXY_HOPS that is not a count", () => {
    expect(() => clientIp(new Headers(), { TRUST_PROXY_HOPS: "yes" })).toThrow(/TRUST_PROXY_HOPS must be the number of proxies/);
  });
});
