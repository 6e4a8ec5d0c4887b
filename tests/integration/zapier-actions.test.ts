// The Zapier actions as Zapier calls them: API key, JSON body, Idempotency-Key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { eventFields, makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { call, makeApiKey } from "../helpers/zapier";

let t: TestDatabase;
type Route = (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;
let registrations: Route, contacts: Route, checkIns: Route, events: Route;
let orgId: string;
let key: string;

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  ({ POST: registrations } = await import("@/app/api/zapier/actions/registrations/route"));
  ({ POST: contacts } = await import("@/app/api/zapier/actions/contacts/route"));
  ({ POST: checkIns } = await import("@/app/api/zapier/actions/check-ins/route"));
  ({ POST: events } = await import("@/app/api/zapier/actions/events/route"));
  orgId = (await makeOrg(t.db, "Zapier Org")).id;
  key = (await makeApiKey(t.db, orgId)).key;
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

const post = (route: Route, path: string, body: unknown, o: { idem?: string; k?: string; raw?: string } = {}) =>
  call(route, "POST", path, {}, { key: o.k ?? key, body, raw: o.raw, idempotencyKey: o.idem });
const reg = (body: unknown, o?: { idem?: string; k?: string; raw?: string }) => post(registrations, "/api/zapier/actions/registrations", body, o);
const ordersOf = (eventId: string) => t.db.selectFrom("orders").select("id").where("event_id", "=", eventId).execute();
const factsOf = (type: string) => t.db.selectFrom("domain_events").selectAll().where("org_id", "=", orgId).where("type", "=", type).execute();

describe("create registration", () => {
  it("registers free tickets and announces registration.created", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const before = (await factsOf("registration.created")).length;
    const res = await reg({ event_id: event.id, ticket_type_id: ticketType.id, quantity: 2, name: "Ana", email: "Ana@Example.com", phone: "+41 44 123 45 67" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.id).toBe(body.order.id);
    expect(body.order.status).toBe("paid");
    expect(body.event.id).toBe(event.id);
    expect(body.attendees).toHaveLength(2);
    expect(body.attendees[0]).toMatchObject({ name: "Ana", email: "ana@example.com", ticketTypeName: "General", phone: "+41 44 123 45 67" });
    expect((await factsOf("registration.created")).length).toBe(before + 1);
  });

  it("answers 422 naming each bad field in Zapier's names", async () => {
    const res = await reg({ event_id: "nope", quantity: 0, name: "", email: "x" });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toBe("validation_failed");
    expect(Object.keys(body.fields).sort()).toEqual(["email", "event_id", "name", "quantity", "ticket_type_id"]);
    expect(body.fields.email[0]).toMatch(/valid e-mail/);
  });

  it("answers 422 for a ticket type of another event, in Zapier's field name", async () => {
    const a = await makePublishedEvent(t.db, orgId);
    const b = await makePublishedEvent(t.db, orgId);
    const res = await reg({ event_id: a.event.id, ticket_type_id: b.ticketType.id, name: "A", email: "a@example.com" });
    expect(res.status).toBe(422);
    expect((await res.json()).fields.ticket_type_id[0]).toMatch(/not offered/);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const res = await reg(undefined, { raw: "{not json" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe("malformed_json");
  });

  it("answers 404 for an unknown event and for another organization's event", async () => {
    const other = await makeOrg(t.db, "Other Org");
    const theirs = await makePublishedEvent(t.db, other.id);
    for (const eventId of ["6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", theirs.event.id]) {
      const res = await reg({ event_id: eventId, ticket_type_id: theirs.ticketType.id, name: "A", email: "a@example.com" });
      expect(res.status).toBe(404);
    }
    expect(await ordersOf(theirs.event.id)).toHaveLength(0);
  });

  it("answers 409 when sold out and for a paid ticket", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId, { capacity: 1 });
    expect((await reg({ event_id: event.id, ticket_type_id: ticketType.id, name: "A", email: "a@example.com" })).status).toBe(201);
    const full = await reg({ event_id: event.id, ticket_type_id: ticketType.id, name: "B", email: "b@example.com" });
    expect(full.status).toBe(409);
    expect((await full.json()).message).toMatch(/Sold out/);
    const paid = await makePublishedEvent(t.db, orgId, { price: "25" });
    const res = await reg({ event_id: paid.event.id, ticket_type_id: paid.ticketType.id, name: "A", email: "a@example.com" });
    expect(res.status).toBe(409);
  });

  it("with the same Idempotency-Key registers once and replays the answer", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const body = { event_id: event.id, ticket_type_id: ticketType.id, name: "Ida", email: "ida@example.com" };
    const first = await reg(body, { idem: "zap-1" });
    const second = await reg(body, { idem: "zap-1" });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect((await second.json()).id).toBe((await first.json()).id);
    expect(await ordersOf(event.id)).toHaveLength(1);
  });

  it("with concurrent repeats of one Idempotency-Key registers once", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const body = { event_id: event.id, ticket_type_id: ticketType.id, name: "Con", email: "con@example.com" };
    const answers = await Promise.all(Array.from({ length: 6 }, () => reg(body, { idem: "zap-concurrent" })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(await ordersOf(event.id)).toHaveLength(1);
    // Once the first has finished, every repeat gets its answer.
    const later = await reg(body, { idem: "zap-concurrent" });
    expect(later.status).toBe(201);
    expect(later.headers.get("idempotent-replayed")).toBe("true");
  });

  it("answers 422 when the Idempotency-Key is reused with a different body, and does nothing", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const body = { event_id: event.id, ticket_type_id: ticketType.id, name: "Ida", email: "ida@example.com" };
    expect((await reg(body, { idem: "zap-2" })).status).toBe(201);
    const res = await reg({ ...body, name: "Someone Else" }, { idem: "zap-2" });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toBe("idempotency_key_reused");
    expect(await ordersOf(event.id)).toHaveLength(1);
  });

  it("stores a 409 answer: the repeat replays it even after places free up", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId, { capacity: 1 });
    await reg({ event_id: event.id, ticket_type_id: ticketType.id, name: "A", email: "a@example.com" });
    const body = { event_id: event.id, ticket_type_id: ticketType.id, name: "B", email: "b@example.com" };
    expect((await reg(body, { idem: "zap-full" })).status).toBe(409);
    const again = await reg(body, { idem: "zap-full" });
    expect(again.status).toBe(409);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });
});

describe("create or update contact", () => {
  const path = "/api/zapier/actions/contacts";

  it("creates the contact with one free ticket, then updates it by e-mail", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const created = await post(contacts, path, { event_id: event.id, email: "Carla@example.com", name: "Carla", ticket_type_id: ticketType.id });
    expect(created.status).toBe(201);
    const c = await created.json();
    expect(c).toMatchObject({ action: "created", email: "carla@example.com", name: "Carla", phone: null, event_id: event.id });
    expect(c.attendees).toHaveLength(1);

    const updated = await post(contacts, path, { event_id: event.id, email: "CARLA@example.com", name: "Carla Rossi", phone: "+39 06 1234 5678" });
    expect(updated.status).toBe(200);
    const u = await updated.json();
    expect(u).toMatchObject({ id: c.id, action: "updated", name: "Carla Rossi", phone: "+39 06 1234 5678" });
    // Leaving the phone out keeps it.
    const again = await (await post(contacts, path, { event_id: event.id, email: "carla@example.com", name: "Carla R." })).json();
    expect(again.phone).toBe("+39 06 1234 5678");
    const rows = await t.db.selectFrom("attendees").selectAll().where("event_id", "=", event.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Carla R.", phone: "+39 06 1234 5678" });
  });

  it("updates every ticket the e-mail holds for the event", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    await reg({ event_id: event.id, ticket_type_id: ticketType.id, quantity: 3, name: "Group", email: "group@example.com" });
    const res = await post(contacts, path, { event_id: event.id, email: "group@example.com", name: "Group Lead" });
    const body = await res.json();
    expect(body.attendees).toHaveLength(3);
    expect(body.attendees.every((a: { name: string }) => a.name === "Group Lead")).toBe(true);
  });

  it("answers 422 for a new contact without a ticket type, and for bad fields", async () => {
    const { event } = await makePublishedEvent(t.db, orgId);
    const res = await post(contacts, path, { event_id: event.id, email: "new@example.com", name: "New" });
    expect(res.status).toBe(422);
    expect(Object.keys((await res.json()).fields)).toEqual(["ticket_type_id"]);
    const bad = await post(contacts, path, { event_id: event.id, email: "nope", name: "", phone: "call me" });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields).sort()).toEqual(["email", "name", "phone"]);
  });

  it("answers 404 for another organization's event", async () => {
    const other = await makeOrg(t.db);
    const { event } = await makePublishedEvent(t.db, other.id);
    expect((await post(contacts, path, { event_id: event.id, email: "a@example.com", name: "A" })).status).toBe(404);
  });
});

describe("check in attendee", () => {
  const path = "/api/zapier/actions/check-ins";

  it("checks in by attendee id, and again harmlessly, announcing it once", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const r = await (await reg({ event_id: event.id, ticket_type_id: ticketType.id, name: "Dora", email: "dora@example.com" })).json();
    const attendeeId = r.attendees[0].id;
    const before = (await factsOf("attendee.checked_in")).length;
    const res = await post(checkIns, path, { attendee_id: attendeeId });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: attendeeId, already_checked_in: false, event_id: event.id });
    expect(body.attendee.checkedInAt).toBe(body.checked_in_at);
    const again = await (await post(checkIns, path, { attendee_id: attendeeId })).json();
    expect(again.already_checked_in).toBe(true);
    expect(again.checked_in_at).toBe(body.checked_in_at);
    expect((await factsOf("attendee.checked_in")).length).toBe(before + 1);
  });

  it("checks in by event id and e-mail, one ticket at a time", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    await reg({ event_id: event.id, ticket_type_id: ticketType.id, quantity: 2, name: "Pair", email: "pair@example.com" });
    const a = await (await post(checkIns, path, { event_id: event.id, email: "PAIR@example.com" })).json();
    const b = await (await post(checkIns, path, { event_id: event.id, email: "pair@example.com" })).json();
    expect(a.id).not.toBe(b.id);
    expect([a.already_checked_in, b.already_checked_in]).toEqual([false, false]);
    const c = await (await post(checkIns, path, { event_id: event.id, email: "pair@example.com" })).json();
    expect(c.already_checked_in).toBe(true);
  });

  it("answers 422 without a way to find the attendee, 404 for unknown ones", async () => {
    const res = await post(checkIns, path, {});
    expect(res.status).toBe(422);
    expect(Object.keys((await res.json()).fields).sort()).toEqual(["email", "event_id"]);
    expect((await post(checkIns, path, { attendee_id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b" })).status).toBe(404);
    const { event } = await makePublishedEvent(t.db, orgId);
    expect((await post(checkIns, path, { event_id: event.id, email: "nobody@example.com" })).status).toBe(404);
  });

  it("cannot check in another organization's attendee", async () => {
    const other = await makeOrg(t.db);
    const otherKey = (await makeApiKey(t.db, other.id)).key;
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const r = await (await reg({ event_id: event.id, ticket_type_id: ticketType.id, name: "Eve", email: "eve@example.com" })).json();
    const res = await post(checkIns, path, { attendee_id: r.attendees[0].id }, { k: otherKey });
    expect(res.status).toBe(404);
    const row = await t.db.selectFrom("attendees").select("checked_in_at").where("id", "=", r.attendees[0].id).executeTakeFirstOrThrow();
    expect(row.checked_in_at).toBeNull();
  });
});

describe("create event draft", () => {
  const path = "/api/zapier/actions/events";
  const body = { title: "Zapped Meetup", description: "From a form", venue: "Room 2", starts_at: "2030-09-01T18:00", ends_at: "2030-09-01 21:30:00", time_zone: "Europe/Zurich", capacity: "40" };

  it("creates a draft and announces event.created", async () => {
    const res = await post(events, path, body);
    expect(res.status).toBe(201);
    const e = await res.json();
    expect(e).toMatchObject({ title: "Zapped Meetup", status: "draft", capacity: 40, timeZone: "Europe/Zurich", venue: "Room 2" });
    expect(e.startsAt).toBe("2030-09-01T16:00:00.000Z");
    expect(e.endsAt).toBe("2030-09-01T19:30:00.000Z");
    expect(e.admin_url).toMatch(new RegExp(`/events/${e.id}$`));
    const facts = await factsOf("event.created");
    expect(facts.some((f) => f.aggregate_id === e.id)).toBe(true);
  });

  it("reads times with an offset as instants", async () => {
    const e = await (await post(events, path, { ...body, starts_at: "2030-09-01T16:00:00Z", ends_at: "2030-09-01T20:00:00+02:00" })).json();
    expect(e.startsAt).toBe("2030-09-01T16:00:00.000Z");
    expect(e.endsAt).toBe("2030-09-01T18:00:00.000Z");
  });

  it("answers 422 with the domain's messages in Zapier's field names", async () => {
    const res = await post(events, path, { ...eventFields, title: "", starts_at: "2030-09-01T18:00", ends_at: "2030-09-01T17:00", time_zone: "Mars/Olympus", capacity: 0 });
    expect(res.status).toBe(422);
    const fields = (await res.json()).fields;
    expect(fields.title[0]).toMatch(/title/);
    expect(fields.time_zone[0]).toMatch(/time zone/);
    expect(fields.capacity[0]).toMatch(/at least 1/);
    const missing = await post(events, path, {});
    expect(Object.keys((await missing.json()).fields).sort()).toEqual(["capacity", "ends_at", "starts_at", "time_zone", "title"]);
  });

  it("with the same Idempotency-Key creates one event", async () => {
    const b = { ...body, title: "Once Only" };
    const [x, y] = [await post(events, path, b, { idem: "ev-1" }), await post(events, path, b, { idem: "ev-1" })];
    expect((await x.json()).id).toBe((await y.json()).id);
    const rows = await t.db.selectFrom("events").select("id").where("org_id", "=", orgId).where("title", "=", "Once Only").execute();
    expect(rows).toHaveLength(1);
  });
});
