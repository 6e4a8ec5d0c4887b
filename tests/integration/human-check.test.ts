// The optional CAPTCHA on the public forms: with Turnstile keys set, the route
// asks siteverify (here a local stub at TURNSTILE_VERIFY_URL, as no network is
// reachable) and refuses a missing or rejected token with a field error.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";

let t: TestDatabase;
let stub: Server;
const asked: URLSearchParams[] = [];
let POST: typeof import("@/app/api/public/events/[slug]/registrations/route").POST;

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  // siteverify as Cloudflare documents it: a form post of secret, response and remoteip; JSON back.
  stub = createServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += c;
    const form = new URLSearchParams(raw);
    asked.push(form);
    const success = form.get("secret") === "turnstile-secret-fake" && form.get("response") === "token-good-fake";
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success, "error-codes": success ? [] : ["invalid-input-response"] }));
  });
  await new Promise<void>((r) => stub.listen(0, "127.0.0.1", r));
  Object.assign(process.env, {
    TURNSTILE_SITE_KEY: "turnstile-site-fake",
    TURNSTILE_SECRET_KEY: "turnstile-secret-fake",
    TURNSTILE_VERIFY_URL: `http://127.0.0.1:${(stub.address() as AddressInfo).port}/siteverify`,
    TRUST_PROXY_HOPS: "1",
  });
  ({ POST } = await import("@/app/api/public/events/[slug]/registrations/route"));
});
afterAll(async () => {
  await new Promise((r) => stub.close(r));
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

function register(slug: string, body: Record<string, unknown>) {
  const req = new Request(`http://localhost/api/public/events/${slug}/registrations`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.80" },
    body: JSON.stringify(body),
  });
  return POST(req, { params: Promise.resolve({ slug }) });
}

describe("CAPTCHA on the public forms", () => {
  it("refuses a missing or rejected token with a field error and accepts a good one", async () => {
    const org = await makeOrg(t.db);
    const { event, ticketType } = await makePublishedEvent(t.db, org.id);
    const base = { ticketTypeId: ticketType.id, quantity: 1, name: "Ana" };

    const missing = await register(event.slug, { ...base, email: "ana.1@example.com" });
    expect(missing.status).toBe(400);
    expect(Object.keys((await missing.json()).fields)).toEqual(["cf-turnstile-response"]);

    const rejected = await register(event.slug, { ...base, email: "ana.2@example.com", "cf-turnstile-response": "token-bad-fake" });
    expect(rejected.status).toBe(400);
    expect((await rejected.json()).fields["cf-turnstile-response"][0]).toMatch(/failed or expired/);

    const accepted = await register(event.slug, { ...base, email: "ana.3@example.com", "cf-turnstile-response": "token-good-fake" });
    expect(accepted.status).toBe(201);
    expect(asked.at(-1)?.get("remoteip")).toBe("203.0.113.80");
    expect(await t.db.selectFrom("orders").select("buyer_email").execute()).toEqual([{ buyer_email: "ana.3@example.com" }]);
  });

  it("asks for nothing when the keys are not both set", async () => {
    const { verifyHuman } = await import("@/lib/rate-limit/human-check");
    const before = asked.length;
    await expect(verifyHuman(undefined, null, { TURNSTILE_SITE_KEY: "turnstile-site-fake" })).resolves.toBeUndefined();
    await expect(verifyHuman(undefined, null, {})).resolves.toBeUndefined();
    expect(asked.length).toBe(before);
  });
});
