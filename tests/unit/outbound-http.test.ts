import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  endpointUrlProblem,
  OutboundNetworkError,
  OutboundRefused,
  OutboundTimeout,
  outboundPolicyFromEnv,
  postOutbound,
  type OutboundPolicy,
  type OutboundRequest,
  type RefusalReason,
  type ResolvedAddress,
} from "@/lib/net/post";

const SECRET_PATH = "/hooks/catch/123/s3cr3t-path-token";
const SIGNATURE = "v1,c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw==";

function request(url: string, overrides: Partial<OutboundRequest> = {}): OutboundRequest {
  return {
    url,
    headers: { "content-type": "application/json", "webhook-signature": SIGNATURE },
    body: '{"type":"registration.created"}',
    timeoutMs: 2_000,
    maxResponseBytes: 1_024,
    ...overrides,
  };
}

/** A resolver that answers from a script and counts its calls. */
function scriptedResolver(...answers: ResolvedAddress[][]) {
  return vi.fn(async (_host: string) => {
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    return next;
  });
}

async function refusal(promise: Promise<unknown>): Promise<OutboundRefused> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutboundRefused);
  return err as OutboundRefused;
}

const strict: OutboundPolicy = { allowHosts: [], requireHttps: false };

describe("postOutbound refuses non-public destinations", () => {
  const literals: Array<[string, RefusalReason]> = [
    ["http://127.0.0.1/hook", "loopback"],
    ["http://[::1]/hook", "loopback"],
    ["http://10.1.2.3/hook", "private"],
    ["http://172.16.5.4/hook", "private"],
    ["http://172.31.255.255/hook", "private"],
    ["http://192.168.1.1/hook", "private"],
    ["http://100.64.0.1/hook", "private"],
    ["http://169.254.169.254/latest/meta-data/", "link_local"],
    ["http://[fe80::1]/hook", "link_local"],
    ["http://[fc00::1]/hook", "unique_local"],
    ["http://[fd12:3456::1]/hook", "unique_local"],
    ["http://224.0.0.1/hook", "multicast"],
    ["http://[ff02::1]/hook", "multicast"],
    ["http://0.0.0.0/hook", "unspecified"],
    ["http://[::]/hook", "unspecified"],
    ["http://255.255.255.255/hook", "reserved"],
    ["http://240.0.0.1/hook", "reserved"],
    ["http://[2001:db8::1]/hook", "reserved"],
    ["http://[::ffff:127.0.0.1]/hook", "loopback"],
    ["http://[::ffff:7f00:1]/hook", "loopback"],
    ["http://[::ffff:169.254.169.254]/hook", "link_local"],
    ["http://[::ffff:0:a00:1]/hook", "private"],
    ["http://[64:ff9b::c0a8:101]/hook", "private"],
    ["http://[2002:a00:1::]/hook", "private"],
    ["http://2130706433/hook", "loopback"],
    ["http://0x7f.1/hook", "loopback"],
  ];

  it.each(literals)("%s is refused as %s without a lookup", async (url, reason) => {
    const resolve = scriptedResolver([{ address: "93.184.215.14", family: 4 }]);
    const err = await refusal(postOutbound(request(url), { ...strict, resolve }));
    expect(err.reason).toBe(reason);
    expect(err.permanent).toBe(true);
    expect(resolve).not.toHaveBeenCalled();
    expect(endpointUrlProblem(url, strict)).toMatch(/public internet/);
  });

  it("refuses localhost, resolved by the system resolver, as loopback", async () => {
    const err = await refusal(postOutbound(request("http://localhost:9/hook"), strict));
    expect(err.reason).toBe("loopback");
  });

  it("refuses a host name that resolves to a private address", async () => {
    const resolve = scriptedResolver([{ address: "10.0.0.5", family: 4 }]);
    const err = await refusal(postOutbound(request("https://internal.example.com/hook"), { ...strict, resolve }));
    expect(err.reason).toBe("private");
    expect(resolve).toHaveBeenCalledWith("internal.example.com");
  });

  it("refuses a name when any one of its addresses is not public", async () => {
    const resolve = scriptedResolver([
      { address: "93.184.215.14", family: 4 },
      { address: "::ffff:169.254.169.254", family: 6 },
    ]);
    const err = await refusal(postOutbound(request("https://mixed.example.com/hook"), { ...strict, resolve }));
    expect(err.reason).toBe("link_local");
  });

  it("catches DNS rebinding: public when saved and on the first delivery, private on the second", async () => {
    const resolve = scriptedResolver([{ address: "93.184.215.14", family: 4 }], [{ address: "127.0.0.1", family: 4 }]);
    const policy = { ...strict, resolve };
    expect(endpointUrlProblem("http://rebind.example.com/hook", policy)).toBeNull();
    // Offline the public address cannot answer; what matters is that the first attempt was let through.
    const first = await postOutbound(request("http://rebind.example.com/hook", { timeoutMs: 300 }), policy).catch((e: unknown) => e);
    expect(first).not.toBeInstanceOf(OutboundRefused);
    const second = await refusal(postOutbound(request("http://rebind.example.com/hook", { timeoutMs: 300 }), policy));
    expect(second.reason).toBe("loopback");
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it("refuses a name with no addresses as unresolvable, and reports a DNS failure as transient", async () => {
    const empty = await refusal(postOutbound(request("https://empty.example.com/"), { ...strict, resolve: async () => [] }));
    expect(empty.reason).toBe("unresolvable");
    const dnsDown = async () => {
      throw Object.assign(new Error("getaddrinfo EAI_AGAIN down.example.com"), { code: "EAI_AGAIN" });
    };
    const err = await postOutbound(request("https://down.example.com/"), { ...strict, resolve: dnsDown }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundNetworkError);
    expect((err as OutboundNetworkError).code).toBe("EAI_AGAIN");
  });

  it("refuses credentials in the URL without repeating them", async () => {
    const err = await refusal(postOutbound(request("https://user:hunter2@hooks.example.com/"), strict));
    expect(err.reason).toBe("credentials_in_url");
    expect(err.message).not.toContain("hunter2");
  });

  it.each(["ftp://hooks.example.com/x", "file:///etc/passwd", "gopher://hooks.example.com/", "javascript:alert(1)"])(
    "refuses the scheme of %s",
    async (url) => {
      const err = await refusal(postOutbound(request(url), strict));
      expect(err.reason).toBe("scheme");
    },
  );

  it("refuses plain http when https is required, before any lookup", async () => {
    const resolve = scriptedResolver([{ address: "93.184.215.14", family: 4 }]);
    const err = await refusal(postOutbound(request("http://hooks.example.com/"), { allowHosts: [], requireHttps: true, resolve }));
    expect(err.reason).toBe("scheme");
    expect(resolve).not.toHaveBeenCalled();
  });

  it("lets an allow-listed host through only on its listed port, and only that host", async () => {
    const policy: OutboundPolicy = { allowHosts: ["127.0.0.1:4567"], requireHttps: false };
    expect((await refusal(postOutbound(request("http://127.0.0.1:4568/"), policy))).reason).toBe("loopback");
    const resolve = scriptedResolver([{ address: "127.0.0.1", family: 4 }]);
    expect((await refusal(postOutbound(request("http://sneaky.example.com:4567/"), { ...policy, resolve }))).reason).toBe("loopback");
  });
});

describe("endpointUrlProblem", () => {
  it("accepts a public https URL", () => {
    expect(endpointUrlProblem("https://hooks.zapier.com/hooks/catch/1/abc/", { allowHosts: [], requireHttps: true })).toBeNull();
  });

  it("names the problem in a sentence for the form", () => {
    const live: OutboundPolicy = { allowHosts: [], requireHttps: true };
    expect(endpointUrlProblem("not a url", live)).toBe("Enter a full URL, such as https://example.com/webhooks.");
    expect(endpointUrlProblem("http://hooks.example.com/", live)).toBe("Use an https:// URL.");
    expect(endpointUrlProblem("ftp://hooks.example.com/", strict)).toBe("Use an http:// or https:// URL.");
    expect(endpointUrlProblem("https://a:b@hooks.example.com/", live)).toMatch(/user name and password/);
    expect(endpointUrlProblem("https://localhost/", live)).toMatch(/loopback/);
    expect(endpointUrlProblem("https://api.localhost./", live)).toMatch(/loopback/);
    expect(endpointUrlProblem(`https://hooks.example.com/${"a".repeat(2100)}`, live)).toMatch(/at most 2048/);
  });

  it("matches allow-list entries exactly, by port, and by subdomain wildcard", () => {
    const policy: OutboundPolicy = { allowHosts: ["LocalHost", "127.0.0.1:4567", "[::1]:4010", "*.hooks.test", "*.0.1"], requireHttps: true };
    expect(endpointUrlProblem("http://localhost:3000/", policy)).toBeNull();
    expect(endpointUrlProblem("http://127.0.0.1:4567/", policy)).toBeNull();
    expect(endpointUrlProblem("http://127.0.0.1:4568/", policy)).not.toBeNull();
    expect(endpointUrlProblem("http://[::1]:4010/", policy)).toBeNull();
    expect(endpointUrlProblem("http://a.b.hooks.test/", policy)).toBeNull();
    expect(endpointUrlProblem("http://hooks.test/", policy)).not.toBeNull();
    expect(endpointUrlProblem("http://evilhooks.test/", policy)).not.toBeNull();
    // A wildcard covers DNS names only, never an IP address that happens to end the same way.
    expect(endpointUrlProblem("http://127.0.0.1/", policy)).not.toBeNull();
  });
});

describe("outboundPolicyFromEnv", () => {
  it("requires https in production only, unless told otherwise", () => {
    expect(outboundPolicyFromEnv({ NODE_ENV: "production" })).toEqual({ allowHosts: [], requireHttps: true });
    expect(outboundPolicyFromEnv({ NODE_ENV: "development" }).requireHttps).toBe(false);
    expect(outboundPolicyFromEnv({ NODE_ENV: "production", SWITCHBOARD_WEBHOOK_REQUIRE_HTTPS: "false" }).requireHttps).toBe(false);
    expect(outboundPolicyFromEnv({ NODE_ENV: "test", SWITCHBOARD_WEBHOOK_REQUIRE_HTTPS: "true" }).requireHttps).toBe(true);
  });

  it("reads the allow-list and stops on an entry it cannot read", () => {
    expect(outboundPolicyFromEnv({ SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: " localhost, 127.0.0.1:4567 ,," }).allowHosts).toEqual([
      "localhost",
      "127.0.0.1:4567",
    ]);
    expect(() => outboundPolicyFromEnv({ SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: "localhost:http" })).toThrow(/localhost:http/);
    expect(() => outboundPolicyFromEnv({ SWITCHBOARD_WEBHOOK_REQUIRE_HTTPS: "ture" })).toThrow(/true or false/);
  });
});

describe("postOutbound against a local receiver", () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  interface Received {
    method: string | undefined;
    url: string | undefined;
    headers: http.IncomingHttpHeaders;
    body: string;
  }

  async function receiver(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
    const received: Received[] = [];
    const closed: Promise<void>[] = [];
    const server = http.createServer((req, res) => {
      closed.push(new Promise((done) => req.socket.once("close", () => done())));
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (body += c));
      req.on("end", () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body });
        handle(req, res);
      });
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const port = (server.address() as AddressInfo).port;
    return { port, url: `http://127.0.0.1:${port}${SECRET_PATH}`, received, closed };
  }

  const allow = (...ports: number[]): OutboundPolicy => ({ allowHosts: ports.map((p) => `127.0.0.1:${p}`), requireHttps: true });

  it("delivers a 2xx and keeps only maxResponseBytes of the body", async () => {
    const r = await receiver((_req, res) => res.writeHead(202, { "x-receiver": "ok" }).end("y".repeat(10_000)));
    const res = await postOutbound(
      request(r.url, { maxResponseBytes: 100, headers: { "Content-Type": "application/json", Cookie: "session=abc", "webhook-signature": SIGNATURE } }),
      allow(r.port),
    );
    expect(res.status).toBe(202);
    expect(res.body).toBe("y".repeat(100));
    expect(res.headers["x-receiver"]).toBe("ok");
    expect(res.durationMs).toBeGreaterThanOrEqual(0);
    const [got] = r.received;
    expect(got).toMatchObject({ method: "POST", url: SECRET_PATH, body: '{"type":"registration.created"}' });
    expect(got!.headers["content-type"]).toBe("application/json");
    expect(got!.headers["user-agent"]).toBe("Switchboard-Webhooks/1.0");
    expect(got!.headers["webhook-signature"]).toBe(SIGNATURE);
    expect(got!.headers.cookie).toBeUndefined();
  });

  it("keeps a given user-agent and decodes a cut multi-byte character as a replacement", async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end("é€"));
    const res = await postOutbound(request(r.url, { maxResponseBytes: 3, headers: { "User-Agent": "Zapier-Bridge/2" } }), allow(r.port));
    expect(res.body).toBe("é\uFFFD");
    expect(r.received[0]!.headers["user-agent"]).toBe("Zapier-Bridge/2");
  });

  it("returns a 302 without following it", async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end("followed"));
    const r = await receiver((_req, res) => res.writeHead(302, { location: target.url }).end());
    const res = await postOutbound(request(r.url), allow(r.port, target.port));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(target.url);
    expect(target.received).toHaveLength(0);
  });

  it("gives up on a receiver that never answers, at the timeout, and closes the connection", async () => {
    const r = await receiver(() => {});
    const started = performance.now();
    const err = await postOutbound(request(r.url, { timeoutMs: 300 }), allow(r.port)).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(err).toBeInstanceOf(OutboundTimeout);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
    const message = (err as Error).message;
    expect(message).not.toContain("s3cr3t");
    expect(message).not.toContain(SIGNATURE);
    await r.closed[0];
  });

  it("counts a body that trickles in against the same deadline", async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200);
      const tick = setInterval(() => res.write("."), 50);
      res.on("close", () => clearInterval(tick));
    });
    const err = await postOutbound(request(r.url, { timeoutMs: 300, maxResponseBytes: 1_000_000 }), allow(r.port)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundTimeout);
  });

  it("returns once the cap is read from a receiver that streams forever", async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200);
      const tick = setInterval(() => res.write("z".repeat(1_024)), 2);
      res.on("close", () => clearInterval(tick));
    });
    const res = await postOutbound(request(r.url, { timeoutMs: 5_000, maxResponseBytes: 4_096 }), allow(r.port));
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(4_096);
    await r.closed[0];
  });

  it("reports a refused connection as a network error", async () => {
    const r = await receiver(() => {});
    const port = r.port;
    const server = servers.pop()!;
    await new Promise((done) => server.close(done));
    const err = await postOutbound(request(`http://127.0.0.1:${port}/`), allow(port)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundNetworkError);
    expect((err as OutboundNetworkError).code).toBe("ECONNREFUSED");
  });
});
