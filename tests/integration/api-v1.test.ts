// The /api/v1 REST API as a client sees it: route handlers called with a Request,
// on a real PostgreSQL. Keys, pagination, reads, creates (validation and
// idempotency), organization isolation and filters.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { revokeApiKey } from "@/lib/api-keys/service";
import {
  AttendeeListSchema,
  AttendeeSchema,
  ErrorSchema,
  EventListSchema,
  EventSchema,
  OrderListSchema,
  OrderSchema,
  TicketTypeListSchema,
  TicketTypeSchema,
} from "@/lib/api/schemas";
import { cancelEvent, createEvent } from "@/lib/domain/events/service";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { call, orgWithKey as orgWithKeyIn, parsed, type Handler } from "../helpers/api-client";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { eventFields, makePublishedEvent } from "../helpers/fixtures";

interface Routes {
  events: { GET: Handler; POST: Handler };
  event: { GET: Handler };
  ticketTypes: { GET: Handler; POST: Handler };
  eventAttendees: { GET: Handler };
  orders: { GET: Handler };
  order: { GET: Handler };
  attendees: { GET: Handler };
  attendee: { GET: Handler };
  openapi: { GET: () => Response };
}

let t: TestDatabase;
let r: Routes;

beforeAll(async () => {
  t = await freshDatabase();
  // The routes use the process-wide pool, which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = t.url;
  r = {
    events: await import("@/app/api/v1/events/route"),
    event: await import("@/app/api/v1/events/[eventId]/route"),
    ticketTypes: await import("@/app/api/v1/events/[eventId]/ticket-types/route"),
    eventAttendees: await import("@/app/api/v1/events/[eventId]/attendees/route"),
    orders: await import("@/app/api/v1/orders/route"),
    order: await import("@/app/api/v1/orders/[orderId]/route"),
    attendees: await import("@/app/api/v1/attendees/route"),
    attendee: await import("@/app/api/v1/attendees/[attendeeId]/route"),
    openapi: await import("@/app/api/v1/openapi.json/route"),
  };
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

const orgWithKey = (name?: string) => orgWithKeyIn(t.db, name);

async function countEvents(orgId: string): Promise<number> {
  const row = await t.db.selectFrom("events").select((eb) => eb.fn.countAll<string>().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow();
  return Number(row.n);
}

const draft = { title: "API Conference", startsAt: "2030-09-01T09:00", endsAt: "2030-09-01T17:00", timeZone: "Europe/Zurich", capacity: 50 };

describe("authentication", () => {
  it("answers 401 without a key, with a forged key and with a revoked key, and does nothing", async () => {
    const { orgId, key, keyId } = await orgWithKey();
    const forged = "sbk_" + "A".repeat(40);

    for (const k of [null, forged, "not-even-a-key"]) {
      const res = await call(r.events.GET, "/events", {}, { key: k });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/Bearer/);
      expect(ErrorSchema.parse(res.body).error).toBe("unauthorized");
    }
    expect((await call(r.events.POST, "/events", {}, { key: forged, body: draft })).status).toBe(401);
    expect(await countEvents(orgId)).toBe(0);

    // The real key works, as X-API-Key and as a Bearer token …
    expect((await call(r.events.GET, "/events", {}, { key })).status).toBe(200);
    expect((await call(r.events.GET, "/events", {}, { key, bearer: true })).status).toBe(200);

    // … until it is revoked.
    await revokeApiKey(t.db, orgId, keyId);
    expect((await call(r.events.GET, "/events", {}, { key })).status).toBe(401);
    const created = await call(r.events.POST, "/events", {}, { key, body: draft, idempotencyKey: "after-revoke" });
    expect(created.status).toBe(401);
    expect(await countEvents(orgId)).toBe(0);
    const idem = await t.db.selectFrom("api_idempotency_keys").select("idempotency_key").where("org_id", "=", orgId).execute();
    expect(idem).toEqual([]);
  });

  it("serves the OpenAPI document without a key", async () => {
    const res = r.openapi.GET();
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/events/{eventId}/ticket-types");
  });
});

describe("pagination", () => {
  it("walks every event once across pages while new ones are inserted, newest first", async () => {
    const { orgId, key } = await orgWithKey();
    const original: string[] = [];
    for (let i = 0; i < 7; i++) original.push((await createEvent(t.db, orgId, { ...eventFields, title: `Event ${i}` })).id);

    const seen: string[] = [];
    const inserted: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: z.output<typeof EventListSchema> = parsed(EventListSchema, await call(r.events.GET, "/events", {}, { key, query: { limit: "3", ...(cursor ? { cursor } : {}) } }));
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((e) => e.id));
      cursor = page.next_cursor;
      pages++;
      // Someone creates events while the client pages.
      inserted.push((await createEvent(t.db, orgId, { ...eventFields, title: `New ${pages}` })).id);
    } while (cursor && pages < 10);

    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length); // no duplicates
    expect(seen).toEqual([...original].reverse()); // no gaps, newest first
    expect(seen.some((id) => inserted.includes(id))).toBe(false);

    // A new walk from the first page sees the new ones first.
    const first = parsed(EventListSchema, await call(r.events.GET, "/events", {}, { key, query: { limit: "100" } }));
    expect(first.data.map((e) => e.id)).toEqual([...original, ...inserted].reverse());
    expect(first.next_cursor).toBeNull();
  });

  it("keeps rows with equal or microsecond-apart created_at in order", async () => {
    const { orgId, key } = await orgWithKey();
    const at = ["2026-01-01T00:00:00.000001Z", "2026-01-01T00:00:00.000002Z", "2026-01-01T00:00:00.000002Z", "2026-01-01T00:00:00.000002Z", "2026-01-01T00:00:00.0003Z"];
    const rows = await t.db
      .insertInto("events")
      .values(
        at.map((createdAt, i) => ({
          org_id: orgId,
          slug: `tie-${i}-${randomUUID().slice(0, 8)}`,
          title: `Tie ${i}`,
          starts_at: "2030-01-01T10:00:00Z",
          ends_at: "2030-01-01T12:00:00Z",
          time_zone: "UTC",
          capacity: 5,
          created_at: createdAt,
        })),
      )
      .returning("id")
      .execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: z.output<typeof EventListSchema> = parsed(EventListSchema, await call(r.events.GET, "/events", {}, { key, query: { limit: "2", ...(cursor ? { cursor } : {}) } }));
      seen.push(...page.data.map((e) => e.id));
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(rows.map((x) => x.id)));
  });

  it("defaults to 25, refuses a limit outside 1–100 and a cursor it did not give out", async () => {
    const { orgId, key } = await orgWithKey();
    for (let i = 0; i < 26; i++) await createEvent(t.db, orgId, { ...eventFields, title: `Many ${i}` });
    const page = parsed(EventListSchema, await call(r.events.GET, "/events", {}, { key }));
    expect(page.data).toHaveLength(25);
    expect(page.next_cursor).toEqual(expect.any(String));

    for (const limit of ["0", "101", "ten", "2.5"]) {
      const res = await call(r.events.GET, "/events", {}, { key, query: { limit } });
      expect(res.status, limit).toBe(422);
      expect(Object.keys(res.body.fields)).toEqual(["limit"]);
    }
    for (const cursor of ["garbage", Buffer.from('["yesterday","x"]').toString("base64url")]) {
      const res = await call(r.events.GET, "/events", {}, { key, query: { cursor } });
      expect(res.status).toBe(422);
      expect(res.body.fields.cursor[0]).toMatch(/cursor/);
    }
  });
});

describe("events", () => {
  it("gets an event, and answers 404 for an unknown id, a non-id and another organization's event", async () => {
    const a = await orgWithKey("A");
    const b = await orgWithKey("B");
    const { event } = await makePublishedEvent(t.db, a.orgId);
    const got = parsed(EventSchema, await call(r.event.GET, `/events/${event.id}`, { eventId: event.id }, { key: a.key }));
    expect(got).toMatchObject({ id: event.id, status: "published", timeZone: "Europe/Zurich", startsAt: "2030-06-01T07:00:00.000Z", capacity: 10 });
    expect(got.publishedAt).toEqual(expect.any(String));

    for (const id of [randomUUID(), "not-a-uuid"]) {
      const res = await call(r.event.GET, `/events/${id}`, { eventId: id }, { key: a.key });
      expect(res.status).toBe(404);
      expect(res.body.error).toBe("not_found");
    }
    expect((await call(r.event.GET, `/events/${event.id}`, { eventId: event.id }, { key: b.key })).status).toBe(404);
    expect((await call(r.ticketTypes.GET, `/events/${event.id}/ticket-types`, { eventId: event.id }, { key: b.key })).status).toBe(404);
    expect((await call(r.eventAttendees.GET, `/events/${event.id}/attendees`, { eventId: event.id }, { key: b.key })).status).toBe(404);
    const listB = parsed(EventListSchema, await call(r.events.GET, "/events", {}, { key: b.key }));
    expect(listB.data).toEqual([]);
  });

  it("filters events by status", async () => {
    const { orgId, key } = await orgWithKey();
    const { event: published } = await makePublishedEvent(t.db, orgId);
    const drafted = await createEvent(t.db, orgId, eventFields);
    const ids = async (status: string) =>
      parsed(EventListSchema, await call(r.events.GET, "/events", {}, { key, query: { status } })).data.map((e) => e.id);
    expect(await ids("published")).toEqual([published.id]);
    expect(await ids("draft")).toEqual([drafted.id]);
    expect(await ids("cancelled")).toEqual([]);
    expect((await call(r.events.GET, "/events", {}, { key, query: { status: "archived" } })).body.fields).toHaveProperty("status");
  });

  it("creates a draft from wall-clock time or from an instant", async () => {
    const { orgId, key } = await orgWithKey();
    const local = parsed(EventSchema, await call(r.events.POST, "/events", {}, { key, body: draft }), 201);
    expect(local).toMatchObject({ title: "API Conference", status: "draft", startsAt: "2030-09-01T07:00:00.000Z", endsAt: "2030-09-01T15:00:00.000Z", description: "", publishedAt: null });

    const instant = parsed(
      EventSchema,
      await call(r.events.POST, "/events", {}, { key, body: { ...draft, startsAt: "2030-09-01T07:00:00Z", endsAt: "2030-09-01T17:00:00+02:00" } }),
      201,
    );
    expect(instant.startsAt).toBe("2030-09-01T07:00:00.000Z");
    expect(instant.endsAt).toBe("2030-09-01T15:00:00.000Z");
    // The same fact subscribers hear.
    const facts = await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", local.id).execute();
    expect(facts.map((f) => f.type)).toEqual(["event.created"]);
    expect(await countEvents(orgId)).toBe(2);
  });

  it("answers 422 naming each bad field, and 400 for a body that is not JSON", async () => {
    const { orgId, key } = await orgWithKey();
    const bad = await call(r.events.POST, "/events", {}, { key, body: { title: "", startsAt: "tomorrow", endsAt: "2030-09-01T17:00", timeZone: "Mars/Olympus", capacity: 0, colour: "red" } });
    expect(bad.status).toBe(422);
    const err = ErrorSchema.parse(bad.body);
    expect(err.error).toBe("validation_failed");
    expect(Object.keys(err.fields!).sort()).toEqual(["capacity", "colour", "startsAt", "timeZone", "title"]);
    expect(err.fields!.title![0]).toBe("Give the event a title");

    const backwards = await call(r.events.POST, "/events", {}, { key, body: { ...draft, endsAt: "2030-09-01T08:00" } });
    expect(backwards.status).toBe(422);
    expect(backwards.body.fields.endsAt[0]).toMatch(/end after it starts/);

    const notObject = await call(r.events.POST, "/events", {}, { key, body: [1, 2] });
    expect(notObject.status).toBe(422);
    expect(notObject.body.fields).toHaveProperty("_body");

    const malformed = await call(r.events.POST, "/events", {}, { key, rawBody: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe("malformed_json");
    expect(await countEvents(orgId)).toBe(0);
  });

  it("creates once per Idempotency-Key: a repeat answers the first answer", async () => {
    const { orgId, key } = await orgWithKey();
    const idempotencyKey = randomUUID();
    const first = await call(r.events.POST, "/events", {}, { key, body: draft, idempotencyKey });
    const again = await call(r.events.POST, "/events", {}, { key, body: draft, idempotencyKey });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await countEvents(orgId)).toBe(1);

    const reused = await call(r.events.POST, "/events", {}, { key, body: { ...draft, title: "Other" }, idempotencyKey });
    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe("idempotency_key_reused");

    // Concurrent repeats: one row, whatever the interleaving.
    const k2 = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => call(r.events.POST, "/events", {}, { key, body: { ...draft, title: "Race" }, idempotencyKey: k2 })));
    for (const res of results) expect([201, 409]).toContain(res.status);
    const races = await t.db.selectFrom("events").select("id").where("org_id", "=", orgId).where("title", "=", "Race").execute();
    expect(races).toHaveLength(1);
    // Without the header every request is a new one.
    await call(r.events.POST, "/events", {}, { key, body: draft });
    expect(await countEvents(orgId)).toBe(3);
  });
});

describe("ticket types", () => {
  it("creates ticket types priced in minor units and lists them with what is sold", async () => {
    const { orgId, key } = await orgWithKey();
    const event = await createEvent(t.db, orgId, eventFields);
    const path = `/events/${event.id}/ticket-types`;
    const eur = parsed(TicketTypeSchema, await call(r.ticketTypes.POST, path, { eventId: event.id }, { key, body: { name: "Standard", priceMinor: 2550, currency: "eur", quantity: 40 } }), 201);
    expect(eur).toMatchObject({ eventId: event.id, name: "Standard", priceMinor: 2550, currency: "EUR", quantity: 40, sold: 0 });
    const jpy = parsed(TicketTypeSchema, await call(r.ticketTypes.POST, path, { eventId: event.id }, { key, body: { name: "Yen", priceMinor: 500, currency: "JPY", quantity: 5 } }), 201);
    expect(jpy.priceMinor).toBe(500);
    const free = parsed(TicketTypeSchema, await call(r.ticketTypes.POST, path, { eventId: event.id }, { key, body: { name: "Free", priceMinor: 0, currency: "EUR", quantity: 5 } }), 201);
    expect(free.priceMinor).toBe(0);

    const page1 = parsed(TicketTypeListSchema, await call(r.ticketTypes.GET, path, { eventId: event.id }, { key, query: { limit: "2" } }));
    expect(page1.data.map((x) => x.id)).toEqual([free.id, jpy.id]);
    const page2 = parsed(TicketTypeListSchema, await call(r.ticketTypes.GET, path, { eventId: event.id }, { key, query: { limit: "2", cursor: page1.next_cursor! } }));
    expect(page2.data.map((x) => x.id)).toEqual([eur.id]);
    expect(page2.next_cursor).toBeNull();
  });

  it("counts sold places", async () => {
    const { orgId, key } = await orgWithKey();
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    await registerFree(t.db, event.slug, { ticketTypeId: ticketType.id, quantity: 3, name: "Ana", email: "ana@example.com" });
    const list = parsed(TicketTypeListSchema, await call(r.ticketTypes.GET, `/events/${event.id}/ticket-types`, { eventId: event.id }, { key }));
    expect(list.data[0]!.sold).toBe(3);
  });

  it("names bad fields, refuses another organization's or a cancelled event, and is idempotent", async () => {
    const a = await orgWithKey("A");
    const b = await orgWithKey("B");
    const event = await createEvent(t.db, a.orgId, eventFields);
    const path = `/events/${event.id}/ticket-types`;
    const count = async () => (await t.db.selectFrom("ticket_types").select("id").where("event_id", "=", event.id).execute()).length;

    const bad = await call(r.ticketTypes.POST, path, { eventId: event.id }, { key: a.key, body: { name: "", priceMinor: 12.5, currency: "EURO", quantity: 0 } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["currency", "name", "priceMinor", "quantity"]);
    const missing = await call(r.ticketTypes.POST, path, { eventId: event.id }, { key: a.key, body: { name: "X", currency: "EUR", quantity: 1 } });
    expect(Object.keys(missing.body.fields)).toEqual(["priceMinor"]);
    const kwd = await call(r.ticketTypes.POST, path, { eventId: event.id }, { key: a.key, body: { name: "X", priceMinor: 1000, currency: "KWD", quantity: 1 } });
    expect(kwd.status).toBe(422);
    expect(kwd.body.fields).toHaveProperty("currency");

    const body = { name: "General", priceMinor: 0, currency: "EUR", quantity: 10 };
    expect((await call(r.ticketTypes.POST, path, { eventId: event.id }, { key: b.key, body })).status).toBe(404);

    const idempotencyKey = randomUUID();
    const first = await call(r.ticketTypes.POST, path, { eventId: event.id }, { key: a.key, body, idempotencyKey });
    const again = await call(r.ticketTypes.POST, path, { eventId: event.id }, { key: a.key, body, idempotencyKey });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await count()).toBe(1);

    await cancelEvent(t.db, a.orgId, event.id);
    const refused = await call(r.ticketTypes.POST, path, { eventId: event.id }, { key: a.key, body });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe("conflict");
    expect(await count()).toBe(1);
  });
});

describe("orders and attendees", () => {
  async function shop() {
    const a = await orgWithKey("Shop");
    const b = await orgWithKey("Other");
    const { event: free, ticketType: freeType } = await makePublishedEvent(t.db, a.orgId);
    const { event: paid, ticketType: paidType } = await makePublishedEvent(t.db, a.orgId, { price: "30" });
    const r1 = await registerFree(t.db, free.slug, { ticketTypeId: freeType.id, quantity: 2, name: "Ana", email: "ana@example.com" });
    const r2 = await registerFree(t.db, free.slug, { ticketTypeId: freeType.id, quantity: 1, name: "Ben", email: "ben@example.com" });
    const pending = await createPendingOrder(
      t.db,
      paid.slug,
      { name: "Cy", email: "cy@example.com", items: [{ ticketTypeId: paidType.id, quantity: 2 }], attempt: randomUUID() },
      "stripe",
    );
    const { event: otherEvent, ticketType: otherType } = await makePublishedEvent(t.db, b.orgId);
    const other = await registerFree(t.db, otherEvent.slug, { ticketTypeId: otherType.id, quantity: 1, name: "Dee", email: "dee@example.com" });
    return { a, b, free, paid, r1, r2, pending, other };
  }

  it("lists and gets orders, filtered by event and status, only the organization's", async () => {
    const s = await shop();
    const all = parsed(OrderListSchema, await call(r.orders.GET, "/orders", {}, { key: s.a.key }));
    expect(all.data.map((o) => o.id)).toEqual([s.pending.order.id, s.r2.order.id, s.r1.order.id]);

    const byEvent = parsed(OrderListSchema, await call(r.orders.GET, "/orders", {}, { key: s.a.key, query: { eventId: s.free.id } }));
    expect(byEvent.data.map((o) => o.id)).toEqual([s.r2.order.id, s.r1.order.id]);
    const pending = parsed(OrderListSchema, await call(r.orders.GET, "/orders", {}, { key: s.a.key, query: { status: "pending" } }));
    expect(pending.data).toHaveLength(1);
    expect(pending.data[0]).toMatchObject({ id: s.pending.order.id, status: "pending", totalMinor: 6000, currency: "EUR", paymentProvider: "stripe", paidAt: null });
    const both = parsed(OrderListSchema, await call(r.orders.GET, "/orders", {}, { key: s.a.key, query: { eventId: s.paid.id, status: "paid" } }));
    expect(both.data).toEqual([]);
    const pages = parsed(OrderListSchema, await call(r.orders.GET, "/orders", {}, { key: s.a.key, query: { limit: "2" } }));
    const rest = parsed(OrderListSchema, await call(r.orders.GET, "/orders", {}, { key: s.a.key, query: { limit: "2", cursor: pages.next_cursor! } }));
    expect([...pages.data, ...rest.data].map((o) => o.id)).toEqual(all.data.map((o) => o.id));

    const one = parsed(OrderSchema, await call(r.order.GET, `/orders/${s.r1.order.id}`, { orderId: s.r1.order.id }, { key: s.a.key }));
    expect(one).toMatchObject({ id: s.r1.order.id, eventId: s.free.id, status: "paid", buyerName: "Ana", buyerEmail: "ana@example.com", totalMinor: 0, refundedMinor: 0 });

    // Another organization's order is not found, nor listed, nor reachable by filter.
    expect((await call(r.order.GET, `/orders/${s.other.order.id}`, { orderId: s.other.order.id }, { key: s.a.key })).status).toBe(404);
    expect((await call(r.order.GET, `/orders/${s.r1.order.id}`, { orderId: s.r1.order.id }, { key: s.b.key })).status).toBe(404);
    const cross = parsed(OrderListSchema, await call(r.orders.GET, "/orders", {}, { key: s.b.key, query: { eventId: s.free.id } }));
    expect(cross.data).toEqual([]);
    const bad = await call(r.orders.GET, "/orders", {}, { key: s.a.key, query: { eventId: "nope", status: "lost" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["eventId", "status"]);
  });

  it("lists attendees across events or per event, filters them, and gets one", async () => {
    const s = await shop();
    const all = parsed(AttendeeListSchema, await call(r.attendees.GET, "/attendees", {}, { key: s.a.key }));
    expect(all.data).toHaveLength(5);
    expect(all.data.every((x) => x.eventId !== undefined)).toBe(true);

    const ofEvent = parsed(AttendeeListSchema, await call(r.eventAttendees.GET, `/events/${s.free.id}/attendees`, { eventId: s.free.id }, { key: s.a.key }));
    expect(ofEvent.data.map((x) => x.name).sort()).toEqual(["Ana", "Ana", "Ben"]);
    expect(ofEvent.data[0]).toMatchObject({ ticketTypeName: "General", status: "paid", checkedInAt: null });
    const viaFilter = parsed(AttendeeListSchema, await call(r.attendees.GET, "/attendees", {}, { key: s.a.key, query: { eventId: s.free.id } }));
    expect(viaFilter.data).toEqual(ofEvent.data);

    const ofOrder = parsed(AttendeeListSchema, await call(r.attendees.GET, "/attendees", {}, { key: s.a.key, query: { orderId: s.r1.order.id } }));
    expect(ofOrder.data.map((x) => x.id).sort()).toEqual(s.r1.attendees.map((x) => x.id).sort());
    const pending = parsed(AttendeeListSchema, await call(r.attendees.GET, "/attendees", {}, { key: s.a.key, query: { status: "pending" } }));
    expect(pending.data.map((x) => x.orderId)).toEqual([s.pending.order.id, s.pending.order.id]);

    const id = s.r2.attendees[0]!.id;
    const one = parsed(AttendeeSchema, await call(r.attendee.GET, `/attendees/${id}`, { attendeeId: id }, { key: s.a.key }));
    expect(one).toMatchObject({ id, name: "Ben", orderId: s.r2.order.id, eventId: s.free.id });
    expect((await call(r.attendee.GET, `/attendees/${id}`, { attendeeId: id }, { key: s.b.key })).status).toBe(404);
    const otherId = s.other.attendees[0]!.id;
    expect((await call(r.attendee.GET, `/attendees/${otherId}`, { attendeeId: otherId }, { key: s.a.key })).status).toBe(404);
  });
});
