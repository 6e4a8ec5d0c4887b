// Public endpoints under abuse, through the real route handlers: per-address and
// per-e-mail limits on registration and checkout (429 with Retry-After and a
// sentence), counts shared by separate pools as separate processes would be, the
// cap on open checkouts per buyer e-mail, and sign-in lockout per account and per
// address. Limits are set low through the environment, as an operator would.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";

Object.assign(process.env, {
  TRUST_PROXY_HOPS: "1",
  RATE_LIMIT_PUBLIC_IP: "3/60",
  RATE_LIMIT_PUBLIC_EMAIL: "3/60",
  OPEN_HOLDS_PER_EMAIL: "2",
  RATE_LIMIT_SIGNIN_EMAIL: "3/60",
  RATE_LIMIT_SIGNIN_IP: "5/60",
});

type Handler = (req: Request, ctx: { params: Promise<{ slug: string }> }) => Promise<Response>;
let t: TestDatabase;
let orgId: string;
let register: Handler;
let checkout: Handler;

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  orgId = (await makeOrg(t.db)).id;
  register = (await import("@/app/api/public/events/[slug]/registrations/route")).POST;
  checkout = (await import("@/app/api/public/events/[slug]/checkout/route")).POST;
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

let n = 0;
const fresh = () => `guest.${++n}.${randomUUID().slice(0, 8)}@example.com`;

function post(handler: Handler, slug: string, body: unknown, ip?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  // As our server hands it on behind one proxy: whatever the client claimed, the address the proxy saw, the proxy.
  if (ip) headers["x-forwarded-for"] = `198.51.100.77, ${ip}, 10.0.0.2`;
  return handler(new Request(`http://localhost/api/public/events/${slug}/x`, { method: "POST", headers, body: JSON.stringify(body) }), { params: Promise.resolve({ slug }) });
}

async function expect429(res: Response, message: RegExp) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60 * 31);
  const body = await res.json();
  expect(body.error).toBe("rate_limited");
  expect(body.message).toMatch(message);
  expect(body.message).toMatch(/Try again in|try again in/);
}

describe("registration and checkout limits", () => {
  it("answers 429 with Retry-After once one address used its registrations; another address goes on", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const body = () => ({ ticketTypeId: ticketType.id, quantity: 1, name: "Ana", email: fresh() });
    for (let i = 0; i < 3; i++) expect((await post(register, event.slug, body(), "203.0.113.10")).status).toBe(201);
    await expect429(await post(register, event.slug, body(), "203.0.113.10"), /from your network/);
    // Checkout counts against the same allowance: a script cannot switch forms.
    await expect429(await post(checkout, event.slug, { ...body(), items: [], attempt: randomUUID() }, "203.0.113.10"), /from your network/);
    expect((await post(register, event.slug, body(), "203.0.113.11")).status).toBe(201);
  });

  it("answers 429 once one e-mail address was used too often, whatever the address it came from", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const email = fresh();
    for (let i = 0; i < 3; i++) {
      expect((await post(register, event.slug, { ticketTypeId: ticketType.id, quantity: 1, name: "Ana", email }, `203.0.113.${20 + i}`)).status).toBe(201);
    }
    await expect429(await post(register, event.slug, { ticketTypeId: ticketType.id, quantity: 1, name: "Ana", email: email.toUpperCase() }, "203.0.113.30"), /for this e-mail address/);
    expect(await t.db.selectFrom("orders").where("buyer_email", "=", email).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).toEqual({ n: "3" });
  });

  it("believes only the X-Forwarded-For entries our server and TRUST_PROXY_HOPS proxies wrote", async () => {
    const { clientIp } = await import("@/lib/rate-limit");
    // Our server appended the socket's address (10.0.0.2) last; to its left, what the proxies wrote.
    const h = new Headers({ "x-forwarded-for": "198.51.100.1, 203.0.113.9, 10.0.0.2" });
    expect(clientIp(h, {})).toBe("10.0.0.2");
    expect(clientIp(h, { TRUST_PROXY_HOPS: "1" })).toBe("203.0.113.9");
    expect(clientIp(h, { TRUST_PROXY_HOPS: "2" })).toBe("198.51.100.1");
  });

  it("shares counts between processes: two pools, one limit", async () => {
    const { consume, RateLimitedError } = await import("@/lib/rate-limit");
    const a = createDb(t.url, 2);
    const b = createDb(t.url, 2);
    try {
      const ip = "192.0.2.44";
      await consume("public_ip", ip, a);
      await consume("public_ip", ip, b);
      await consume("public_ip", ip, a);
      const refused = await consume("public_ip", ip, b).catch((e) => e);
      expect(refused).toBeInstanceOf(RateLimitedError);
      expect(refused.retryAfterSec).toBeGreaterThan(0);
      await expect(consume("public_ip", ip, a)).rejects.toBeInstanceOf(RateLimitedError);
      // The counter is a row in Postgres, and it does not keep the address itself.
      const rows = await t.db.selectFrom("rate_limits" as never).select(["key" as never]).execute();
      expect(rows.map((r) => String((r as { key: string }).key)).some((k) => k.includes(ip))).toBe(false);
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });
});

describe("open checkouts per buyer e-mail", () => {
  it("refuses a third open hold for one e-mail with 429 until one ends; a repeat of an open one is not refused", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId, { price: "25" });
    const email = fresh();
    const hold = () => createPendingOrder(t.db, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], name: "Sam", email, attempt: randomUUID() }, "stripe");
    const first = await hold();
    await hold();
    const body = (attempt: string) => ({ items: [{ ticketTypeId: ticketType.id, quantity: 1 }], name: "Sam", email, attempt });
    await expect429(await post(checkout, event.slug, body(randomUUID())), /already has 2 checkouts open for this event/);
    // The same checkout submitted again is the buyer's own: not a new hold (here: no gateway, so 409).
    expect((await post(checkout, event.slug, body(first.order.client_reference!))).status).toBe(409);
    // Once a hold has expired it no longer counts.
    await t.db.updateTable("orders").set({ hold_expires_at: new Date(Date.now() - 1000) }).where("id", "=", first.order.id).execute();
    expect((await post(checkout, event.slug, { ...body(randomUUID()), email: email })).status).toBe(409);
  });
});

describe("sign-in lockout", () => {
  async function authorize() {
    const { buildProviders } = await import("@/lib/auth/providers");
    const provider = buildProviders({})[0] as unknown as { options: { authorize: (c: unknown, req: unknown) => Promise<unknown> } };
    return (email: string, password: string, ip?: string) =>
      provider.options.authorize({ email, password }, { headers: ip ? { "x-forwarded-for": `${ip}, 10.0.0.2` } : {} }).then(
        (user) => ({ user, error: null as string | null }),
        (err: Error) => ({ user: null, error: err.message }),
      );
  }

  async function makeAccount(email: string) {
    const { hashPassword } = await import("@/lib/auth/password");
    await t.db.insertInto("users").values({ email, name: "Lee", password_hash: await hashPassword("right-password-fake") }).execute();
  }

  it("locks an account after its wrong passwords, even for the right one, from any address", async () => {
    const signIn = await authorize();
    const email = fresh();
    await makeAccount(email);
    for (let i = 0; i < 3; i++) expect(await signIn(email, "wrong", `192.0.2.${i + 1}`)).toEqual({ user: null, error: null });
    const locked = await signIn(email, "right-password-fake", "192.0.2.50");
    expect(locked.user).toBeNull();
    expect(locked.error).toMatch(/^SignInRateLimited:\d+$/);
    const { signInLimitMessage } = await import("@/lib/rate-limit/sign-in-message");
    expect(signInLimitMessage(locked.error)).toMatch(/Too many sign-in attempts.*Wait (a minute|\d+ minutes)/);
  });

  it("never locks someone who signs in correctly", async () => {
    const signIn = await authorize();
    const email = fresh();
    await makeAccount(email);
    for (let i = 0; i < 6; i++) expect((await signIn(email, "right-password-fake", "192.0.2.60")).user).toMatchObject({ email });
  });

  it("locks an address that tries many accounts", async () => {
    const signIn = await authorize();
    for (let i = 0; i < 5; i++) expect((await signIn(fresh(), "guess", "192.0.2.99")).error).toBeNull();
    expect((await signIn(fresh(), "guess", "192.0.2.99")).error).toMatch(/^SignInRateLimited:/);
    expect((await signIn(fresh(), "guess", "192.0.2.100")).error).toBeNull();
  });
});
