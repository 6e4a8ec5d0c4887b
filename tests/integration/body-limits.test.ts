// Bodies are cut off while they are read: a chunked body (no Content-Length)
// larger than a route accepts gets 413 after at most the limit plus one chunk
// has been pulled, on every route that reads a body from outside. And bounded
// schemas: huge numbers and long arrays are field errors, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMITS } from "@/lib/http/body";
import { MAX_BODY_BYTES } from "@/lib/webhooks/inbound/receive";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { insertConnection } from "../helpers/connections";
import { makeApiKey } from "../helpers/zapier";

type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

let t: TestDatabase;
let key: string;
let orgId: string;
const routes: Record<string, Handler> = {};

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  orgId = (await makeOrg(t.db)).id;
  key = (await makeApiKey(t.db, orgId)).key;
  routes.registrations = (await import("@/app/api/public/events/[slug]/registrations/route")).POST;
  routes.checkout = (await import("@/app/api/public/events/[slug]/checkout/route")).POST;
  routes.v1Events = (await import("@/app/api/v1/events/route")).POST as Handler;
  routes.v1TicketTypes = (await import("@/app/api/v1/events/[eventId]/ticket-types/route")).POST as Handler;
  routes.zapierRegistration = (await import("@/app/api/zapier/actions/registrations/route")).POST as Handler;
  routes.zapierEvent = (await import("@/app/api/zapier/actions/events/route")).POST as Handler;
  routes.zapierHooks = (await import("@/app/api/zapier/hooks/route")).POST as Handler;
  routes.webhooks = (await import("@/app/api/webhooks/[provider]/route")).POST;
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

/** A body sent in 16 KB chunks with no Content-Length, counting how much the reader pulled. */
function chunkedBody(totalBytes: number) {
  const chunk = 16 * 1024;
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= totalBytes) return controller.close();
        pulled += chunk;
        controller.enqueue(new Uint8Array(chunk).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled, chunk };
}

function send(handler: Handler, path: string, params: Record<string, string>, body: BodyInit, headers: Record<string, string> = {}) {
  const req = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return handler(req, { params: Promise.resolve(params) });
}

describe("a chunked body over the limit", () => {
  const cases: Array<[string, string, string, Record<string, string>, number]> = [
    ["public registration", "registrations", "/api/public/events/x/registrations", { slug: "x" }, BODY_LIMITS.publicForm],
    ["public checkout", "checkout", "/api/public/events/x/checkout", { slug: "x" }, BODY_LIMITS.publicForm],
    ["/api/v1 create", "v1Events", "/api/v1/events", {}, BODY_LIMITS.api],
    ["Zapier action", "zapierEvent", "/api/zapier/actions/events", {}, BODY_LIMITS.api],
    ["Zapier subscribe", "zapierHooks", "/api/zapier/hooks", {}, BODY_LIMITS.api],
    ["provider callback", "webhooks", "/api/webhooks/stripe?connection=6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", { provider: "stripe" }, MAX_BODY_BYTES],
  ];
  for (const [name, route, path, params, limit] of cases) {
    it(`gets 413 on the ${name} route without being read whole`, async () => {
      const body = chunkedBody(limit * 8);
      const res = await send(routes[route]!, path, params, body.stream);
      expect(res.status).toBe(413);
      expect((await res.json()).message).toMatch(/larger than/);
      // The reader stopped one chunk past the limit; the rest was never pulled.
      expect(body.pulled()).toBeLessThanOrEqual(limit + 2 * body.chunk);
    });
  }

  it("still accepts a chunked body under the limit", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const json = JSON.stringify({ ticketTypeId: ticketType.id, quantity: 1, name: "Ana", email: "ana.chunked@example.com" });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        const bytes = new TextEncoder().encode(json);
        c.enqueue(bytes.slice(0, 10));
        c.enqueue(bytes.slice(10));
        c.close();
      },
    });
    const res = await send(routes.registrations!, `/api/public/events/${event.slug}/registrations`, { slug: event.slug }, stream);
    expect(res.status).toBe(201);
  });
});

describe("bounded numbers and arrays", () => {
  it("public registration: quantity 1e309 is a field error", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const res = await send(routes.registrations!, "/x", { slug: event.slug }, `{"ticketTypeId":"${ticketType.id}","quantity":1e309,"name":"A","email":"a@example.com"}`);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).fields)).toEqual(["quantity"]);
  });

  it("public checkout: too many items is a field error on items", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId, { price: "10" });
    await insertConnection(t.db, { orgId, connectorId: "stripe", credentials: { secretKey: "sk_test_fakefakefake1234", publishableKey: "pk_test_fakefakefake1234" } });
    const items = Array.from({ length: 150 }, () => ({ ticketTypeId: ticketType.id, quantity: 0 }));
    const res = await send(routes.checkout!, "/x", { slug: event.slug }, JSON.stringify({ items, name: "A", email: "a@example.com", attempt: crypto.randomUUID() }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.fields.items[0]).toMatch(/at most 20 lines/i);
  });

  it("/api/v1: a ticket type quantity beyond any venue is a 422 naming the field, not a 500", async () => {
    const ev = await send(routes.v1Events!, "/api/v1/events", {}, JSON.stringify({ title: "Big", startsAt: "2030-06-01T09:00", endsAt: "2030-06-01T17:00", timeZone: "Europe/Zurich", capacity: 10 }));
    expect(ev.status).toBe(201);
    const { id } = await ev.json();
    for (const quantity of [1e12, 2 ** 53 - 1, 1e309]) {
      const raw = `{"name":"GA","priceMinor":0,"currency":"EUR","quantity":${quantity === 1e309 ? "1e309" : quantity}}`;
      const res = await send(routes.v1TicketTypes!, "/x", { eventId: id }, raw);
      expect(res.status, `quantity ${quantity}`).toBe(422);
      expect(Object.keys((await res.json()).fields)).toEqual(["quantity"]);
    }
  });

  it("Zapier: a 60 KB title and huge capacity are field errors, not a 500", async () => {
    const res = await send(
      routes.zapierEvent!,
      "/x",
      {},
      JSON.stringify({ title: "x".repeat(60_000), starts_at: "2030-06-01T09:00", ends_at: "2030-06-01T17:00", time_zone: "Europe/Zurich", capacity: 1e300 }),
    );
    expect(res.status).toBe(422);
    expect(Object.keys((await res.json()).fields).sort()).toEqual(["capacity", "title"]);
  });
});
