// Sentry on, pointed at a fake ingest server on 127.0.0.1 (a DSN of our own):
// an error, and an error in a request, arrive with credentials and personal
// data already taken out by lib/error-tracking/scrub.ts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import * as Sentry from "@sentry/nextjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushErrorTracking, startErrorTracking } from "@/lib/error-tracking/server";
import { waitFor } from "../helpers/wait";

let server: Server;
const envelopes: Array<{ path: string; body: string }> = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    envelopes.push({ path: req.url ?? "", body: (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8") });
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  expect(startErrorTracking({ SENTRY_DSN: `http://fakepublickey@127.0.0.1:${port}/4242` })).toBe(true);
});
afterAll(async () => {
  await Sentry.close(2_000);
  await new Promise((r) => server?.close(r));
});

/** The event items of every envelope received so far. */
function events(): Array<Record<string, unknown>> {
  return envelopes.flatMap((e) => {
    const lines = e.body.split("\n");
    const out: Array<Record<string, unknown>> = [];
    for (let i = 1; i + 1 < lines.length; i += 2) {
      const header = JSON.parse(lines[i]!) as { type: string };
      if (header.type === "event") out.push(JSON.parse(lines[i + 1]!) as Record<string, unknown>);
    }
    return out;
  });
}

describe("error tracking", () => {
  it("is off without SENTRY_DSN", () => {
    expect(startErrorTracking({})).toBe(false);
  });

  it("sends an error to the DSN's project with its credentials and personal data removed", async () => {
    Sentry.withScope((scope) => {
      scope.setUser({ id: "user-7", email: "erin@example.com", ip_address: "203.0.113.7" });
      scope.setExtra("order", { buyerEmail: "erin@example.com", total: 1200 });
      Sentry.addBreadcrumb({ category: "http", message: "POST https://api.example/v1?api_key=sk_test_FAKEFAKEFAKE for erin@example.com" });
      Sentry.captureException(new Error("refund for erin@example.com failed: Authorization: Bearer sbk_fake_0123456789 from 203.0.113.7"));
    });
    await flushErrorTracking();
    const event = await waitFor(async () => events().find((e) => JSON.stringify(e).includes("refund for")), { what: "the error at the fake ingest" });
    expect(new URL(envelopes[0]!.path, "http://x").pathname).toBe("/api/4242/envelope/");
    const text = JSON.stringify(event);
    for (const leak of ["erin@example.com", "sbk_fake", "sk_test_FAKEFAKEFAKE", "203.0.113.7"]) expect(text).not.toContain(leak);
    expect(text).toContain("refund for [personal] failed: Authorization: Bearer [redacted] from [personal]");
    expect(event.user).toEqual({ id: "user-7" });
    expect(event.extra).toEqual({ order: { buyerEmail: "[personal]", total: 1200 } });
  });

  it("reports an error in a request (onRequestError) without its cookies, authorization or query", async () => {
    Sentry.captureRequestError(
      new Error("render failed for +41 44 668 18 00"),
      { path: "/api/v1/tickets/t-1?access_token=abc123fake&email=erin%40example.com", method: "POST", headers: { authorization: "Bearer sbk_fake_0123456789", cookie: "next-auth.session-token=fake", "user-agent": "test" } },
      { routerKind: "App Router", routePath: "/api/v1/tickets/[ticketId]", routeType: "route", renderSource: undefined, revalidateReason: undefined } as unknown as Parameters<typeof Sentry.captureRequestError>[2],
    );
    await flushErrorTracking();
    const event = await waitFor(async () => events().find((e) => JSON.stringify(e).includes("render failed")), { what: "the request error at the fake ingest" });
    const text = JSON.stringify(event);
    for (const leak of ["+41 44 668 18 00", "abc123fake", "access_token", "erin", "sbk_fake", "session-token"]) expect(text).not.toContain(leak);
  });
});
