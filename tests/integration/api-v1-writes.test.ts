// The /api/v1 writes beyond creating: changing and cancelling events, changing
// ticket types, and what happens to one ticket (cancel, check in and undo,
// transfer). Each through its route handler on a real PostgreSQL: the happy path,
// its facts, an idempotent replay, a key reused with another body, another
// organization's id, an invalid body, and the refusals in words.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttendeeSchema, EventSchema, TicketTransferSchema, TicketTypeSchema, TicketValidationSchema } from "@/lib/api/schemas";
import { createEvent } from "@/lib/domain/events/service";
import { parsePayload } from "@/lib/domain/outbox/catalog";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { formatTicketCode } from "@/lib/tickets/code";
import { call, orgWithKey as orgWithKeyIn, parsed, type CallOptions, type Handler } from "../helpers/api-client";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { eventFields, makePublishedEvent } from "../helpers/fixtures";

interface Routes {
  event: { PATCH: Handler };
  cancelEvent: { POST: Handler };
  ticketType: { PATCH: Handler };
  cancelAttendee: { POST: Handler };
  checkIn: { POST: Handler };
  undoCheckIn: { POST: Handler };
  transfer: { POST: Handler };
  validate: { POST: Handler };
}

let t: TestDatabase;
let r: Routes;

beforeAll(async () => {
  t = await freshDatabase();
  // The routes use the process-wide pool, which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = t.url;
  r = {
    event: await import("@/app/api/v1/events/[eventId]/route"),
    cancelEvent: await import("@/app/api/v1/events/[eventId]/cancel/route"),
    ticketType: await import("@/app/api/v1/events/[eventId]/ticket-types/[ticketTypeId]/route"),
    cancelAttendee: await import("@/app/api/v1/attendees/[attendeeId]/cancel/route"),
    checkIn: await import("@/app/api/v1/attendees/[attendeeId]/check-in/route"),
    undoCheckIn: await import("@/app/api/v1/attendees/[attendeeId]/check-in/undo/route"),
    transfer: await import("@/app/api/v1/attendees/[attendeeId]/transfer/route"),
    validate: await import("@/app/api/v1/tickets/validate/route"),
  };
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

const orgWithKey = (name?: string) => orgWithKeyIn(t.db, name);

async function facts(aggregateId: string, type?: string) {
  let q = t.db.selectFrom("domain_events").select(["type", "payload"]).where("aggregate_id", "=", aggregateId);
  if (type) q = q.where("type", "=", type);
  return q.orderBy("occurred_at").orderBy("id").execute();
}

/**
 * The Idempotency-Key contract every write keeps: the same key and body answer
 * the first answer again (one effect), the same key with another body is refused.
 */
async function expectIdempotent(handler: Handler, path: string, params: Record<string, string>, o: CallOptions, otherBody: unknown, effects: () => Promise<number>) {
  const idempotencyKey = randomUUID();
  const first = await call(handler, path, params, { ...o, idempotencyKey });
  const before = await effects();
  const again = await call(handler, path, params, { ...o, idempotencyKey });
  expect(again.status).toBe(first.status);
  expect(again.body).toEqual(first.body);
  expect(again.headers.get("idempotent-replayed")).toBe("true");
  expect(await effects()).toBe(before);
  const reused = await call(handler, path, params, { ...o, body: otherBody, idempotencyKey });
  expect(reused.status).toBe(422);
  expect(reused.body.error).toBe("idempotency_key_reused");
  expect(await effects()).toBe(before);
  return first;
}

async function freeTickets(orgId: string, quantity = 1) {
  const { event, ticketType } = await makePublishedEvent(t.db, orgId);
  const reg = await registerFree(t.db, event.slug, { ticketTypeId: ticketType.id, quantity, name: "Ana", email: "ana@example.com" });
  return { event, ticketType, order: reg.order, attendees: reg.attendees };
}

describe("PATCH /events/{eventId}", () => {
  it("changes what it names, keeps the rest, tells event.updated, and replays a repeat", async () => {
    const { orgId, key } = await orgWithKey();
    const event = await createEvent(t.db, orgId, { ...eventFields, online: true });
    const path = `/events/${event.id}`;
    const params = { eventId: event.id };
    const changed = parsed(EventSchema, await call(r.event.PATCH, path, params, { key, method: "PATCH", body: { title: "Renamed", startsAt: "2030-06-01T10:00" } }));
    expect(changed).toMatchObject({ title: "Renamed", description: "Talks", venue: "Hall 1", capacity: 10, online: true, startsAt: "2030-06-01T08:00:00.000Z", endsAt: "2030-06-01T15:00:00.000Z" });
    const updated = await facts(event.id, "event.updated");
    expect(updated).toHaveLength(1);
    expect(parsePayload("event.updated", updated[0]!.payload).event.title).toBe("Renamed");

    // The time zone alone moves the wall clock, not the instants.
    const zoned = parsed(EventSchema, await call(r.event.PATCH, path, params, { key, method: "PATCH", body: { timeZone: "America/New_York" } }));
    expect(zoned).toMatchObject({ timeZone: "America/New_York", startsAt: "2030-06-01T08:00:00.000Z", endsAt: "2030-06-01T15:00:00.000Z" });

    const first = await expectIdempotent(r.event.PATCH, path, params, { key, method: "PATCH", body: { capacity: 20 } }, { capacity: 30 }, async () => (await facts(event.id, "event.updated")).length);
    expect(first.status).toBe(200);
    expect(first.body.capacity).toBe(20);
  });

  it("answers 404 for another organization's event, 422 naming bad fields, and 409 for a capacity below the places taken", async () => {
    const a = await orgWithKey("A");
    const b = await orgWithKey("B");
    const { event } = await freeTickets(a.orgId, 3);
    const path = `/events/${event.id}`;
    const params = { eventId: event.id };
    expect((await call(r.event.PATCH, path, params, { key: b.key, method: "PATCH", body: { title: "Mine now" } })).status).toBe(404);

    const bad = await call(r.event.PATCH, path, params, { key: a.key, method: "PATCH", body: { title: "", capacity: 0, colour: "red", timeZone: "Mars/Olympus" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["capacity", "colour", "timeZone", "title"]);
    const empty = await call(r.event.PATCH, path, params, { key: a.key, method: "PATCH", body: {} });
    expect(empty.status).toBe(422);
    expect(empty.body.fields._body).toEqual(["Send at least one field to change"]);
    const backwards = await call(r.event.PATCH, path, params, { key: a.key, method: "PATCH", body: { endsAt: "2030-06-01T08:00" } });
    expect(backwards.status).toBe(422);
    expect(backwards.body.fields.endsAt[0]).toMatch(/end after it starts/);

    const tooSmall = await call(r.event.PATCH, path, params, { key: a.key, method: "PATCH", body: { capacity: 2 } });
    expect(tooSmall.status).toBe(409);
    expect(tooSmall.body.message).toBe("Capacity cannot be lower than the 3 places already taken.");
    expect(await facts(event.id, "event.updated")).toHaveLength(0);
  });
});

describe("POST /events/{eventId}/cancel", () => {
  it("cancels once, tells event.cancelled once, and refuses changes afterwards", async () => {
    const a = await orgWithKey("A");
    const b = await orgWithKey("B");
    const { event } = await makePublishedEvent(t.db, a.orgId);
    const path = `/events/${event.id}/cancel`;
    const params = { eventId: event.id };
    expect((await call(r.cancelEvent.POST, path, params, { key: b.key })).status).toBe(404);
    const typo = await call(r.cancelEvent.POST, path, params, { key: a.key, body: { reason: "rain" } });
    expect(typo.status).toBe(422);
    expect(Object.keys(typo.body.fields)).toEqual(["reason"]);

    const first = await expectIdempotent(r.cancelEvent.POST, path, params, { key: a.key, body: {} }, { reason: "x" }, async () => (await facts(event.id, "event.cancelled")).length);
    expect(parsed(EventSchema, first)).toMatchObject({ status: "cancelled", cancelledAt: expect.any(String) });
    // Without a body and without a key: still cancelled, nobody told twice.
    const again = parsed(EventSchema, await call(r.cancelEvent.POST, path, params, { key: a.key }));
    expect(again.cancelledAt).toBe(first.body.cancelledAt);
    expect(await facts(event.id, "event.cancelled")).toHaveLength(1);

    const edit = await call(r.event.PATCH, `/events/${event.id}`, params, { key: a.key, method: "PATCH", body: { title: "Back on" } });
    expect(edit.status).toBe(409);
    expect(edit.body.message).toBe("A cancelled event can no longer be edited.");
  });
});

describe("PATCH /events/{eventId}/ticket-types/{ticketTypeId}", () => {
  it("renames and resizes, and re-prices only while no ticket was issued", async () => {
    const { orgId, key } = await orgWithKey();
    const { event, ticketType } = await makePublishedEvent(t.db, orgId, { price: "25" });
    const path = `/events/${event.id}/ticket-types/${ticketType.id}`;
    const params = { eventId: event.id, ticketTypeId: ticketType.id };
    const repriced = parsed(TicketTypeSchema, await call(r.ticketType.PATCH, path, params, { key, method: "PATCH", body: { priceMinor: 3000, name: "Early bird" } }));
    expect(repriced).toMatchObject({ name: "Early bird", priceMinor: 3000, currency: "EUR", quantity: 100, sold: 0 });
    const yen = parsed(TicketTypeSchema, await call(r.ticketType.PATCH, path, params, { key, method: "PATCH", body: { priceMinor: 4000, currency: "jpy" } }));
    expect(yen).toMatchObject({ priceMinor: 4000, currency: "JPY" });
    // At most 1,000,000 in the currency, as when adding a ticket type: 1,000,001 yen is over, though fewer minor units than 25 EUR's ceiling.
    const tooDear = await call(r.ticketType.PATCH, path, params, { key, method: "PATCH", body: { priceMinor: 1_000_001 } });
    expect(tooDear.status).toBe(422);
    expect(tooDear.body.fields.priceMinor).toEqual([expect.stringMatching(/^The price must be at most .*1,000,000/)]);
    const overAny = await call(r.ticketType.PATCH, path, params, { key, method: "PATCH", body: { priceMinor: 100_000_001, currency: "EUR" } });
    expect(overAny.status).toBe(422);
    expect(Object.keys(overAny.body.fields)).toEqual(["priceMinor"]);
    const alone = await call(r.ticketType.PATCH, path, params, { key, method: "PATCH", body: { currency: "EUR" } });
    expect(alone.status).toBe(422);
    expect(alone.body.fields.priceMinor).toEqual(["Give the price in the new currency as well"]);

    await t.db.updateTable("ticket_types").set({ price_minor: 0, currency: "EUR" }).where("id", "=", ticketType.id).execute();
    await registerFree(t.db, event.slug, { ticketTypeId: ticketType.id, quantity: 2, name: "Ana", email: "ana@example.com" });
    const resized = parsed(TicketTypeSchema, await call(r.ticketType.PATCH, path, params, { key, method: "PATCH", body: { quantity: 2, name: "General" } }));
    expect(resized).toMatchObject({ quantity: 2, sold: 2, name: "General" });
    const below = await call(r.ticketType.PATCH, path, params, { key, method: "PATCH", body: { quantity: 1 } });
    expect(below.status).toBe(409);
    expect(below.body.message).toBe("The quantity cannot be lower than the 2 tickets of this type already taken.");
    const price = await call(r.ticketType.PATCH, path, params, { key, method: "PATCH", body: { priceMinor: 500 } });
    expect(price.status).toBe(409);
    expect(price.body.message).toMatch(/already issued at .*add a new ticket type/);
    const row = await t.db.selectFrom("ticket_types").selectAll().where("id", "=", ticketType.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ quantity: 2, price_minor: 0 });
  });

  it("is idempotent, names bad fields, and finds no other organization's or other event's ticket type", async () => {
    const a = await orgWithKey("A");
    const b = await orgWithKey("B");
    const { event, ticketType } = await makePublishedEvent(t.db, a.orgId);
    const { event: other } = await makePublishedEvent(t.db, a.orgId);
    const path = `/events/${event.id}/ticket-types/${ticketType.id}`;
    const params = { eventId: event.id, ticketTypeId: ticketType.id };
    const name = async () => (await t.db.selectFrom("ticket_types").select("name").where("id", "=", ticketType.id).executeTakeFirstOrThrow()).name;
    const first = await expectIdempotent(r.ticketType.PATCH, path, params, { key: a.key, method: "PATCH", body: { name: "VIP" } }, { name: "Staff" }, async () => ((await name()) === "VIP" ? 1 : 0));
    expect(first.body.name).toBe("VIP");

    expect((await call(r.ticketType.PATCH, path, params, { key: b.key, method: "PATCH", body: { name: "X" } })).status).toBe(404);
    const wrongEvent = { eventId: other.id, ticketTypeId: ticketType.id };
    expect((await call(r.ticketType.PATCH, `/events/${other.id}/ticket-types/${ticketType.id}`, wrongEvent, { key: a.key, method: "PATCH", body: { name: "X" } })).status).toBe(404);
    const bad = await call(r.ticketType.PATCH, path, params, { key: a.key, method: "PATCH", body: { name: "", priceMinor: -1, quantity: 0, colour: "red" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["colour", "name", "priceMinor", "quantity"]);
    expect(await name()).toBe("VIP");
  });
});

describe("POST /attendees/{attendeeId}/cancel", () => {
  it("cancels a free registration once and frees its place; refuses a paid ticket in words", async () => {
    const a = await orgWithKey("A");
    const b = await orgWithKey("B");
    const { order, attendees } = await freeTickets(a.orgId, 2);
    const id = attendees[0]!.id;
    const path = `/attendees/${id}/cancel`;
    expect((await call(r.cancelAttendee.POST, path, { attendeeId: id }, { key: b.key })).status).toBe(404);
    const first = await expectIdempotent(r.cancelAttendee.POST, path, { attendeeId: id }, { key: a.key }, { why: 1 }, async () => (await facts(order.id, "registration.cancelled")).length);
    expect(parsed(AttendeeSchema, first)).toMatchObject({ id, status: "cancelled", transferredTo: null });
    expect((await call(r.cancelAttendee.POST, path, { attendeeId: id }, { key: a.key })).status).toBe(200);
    expect(await facts(order.id, "registration.cancelled")).toHaveLength(1);

    const paid = attendees[1]!.id;
    // A paid ticket: its order was paid, and the ticket itself cost something (a free ticket of a paid order may still be given back).
    await t.db.updateTable("orders").set({ total_minor: 2500 }).where("id", "=", order.id).execute();
    await t.db.updateTable("attendees").set({ price_paid_minor: 2500 }).where("id", "=", paid).execute();
    const refused = await call(r.cancelAttendee.POST, `/attendees/${paid}/cancel`, { attendeeId: paid }, { key: a.key });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe("This ticket was paid for: refund it instead, which also frees the place.");
  });
});

describe("POST /attendees/{attendeeId}/check-in and /check-in/undo", () => {
  it("checks in exactly once, undoes exactly once, and tells each once", async () => {
    const a = await orgWithKey("A");
    const b = await orgWithKey("B");
    const { attendees } = await freeTickets(a.orgId);
    const id = attendees[0]!.id;
    const params = { attendeeId: id };
    const checkIns = async () => (await facts(id, "attendee.checked_in")).length;
    const undos = async () => (await facts(id, "attendee.check_in_undone")).length;

    expect((await call(r.checkIn.POST, `/attendees/${id}/check-in`, params, { key: b.key })).status).toBe(404);
    expect((await call(r.undoCheckIn.POST, `/attendees/${id}/check-in/undo`, params, { key: b.key })).status).toBe(404);

    const first = await expectIdempotent(r.checkIn.POST, `/attendees/${id}/check-in`, params, { key: a.key, body: {} }, { at: "now" }, checkIns);
    const checkedIn = parsed(AttendeeSchema, first);
    expect(checkedIn.checkedInAt).toEqual(expect.any(String));
    // A second check-in under another key: the first one stands, nobody is told again.
    const second = parsed(AttendeeSchema, await call(r.checkIn.POST, `/attendees/${id}/check-in`, params, { key: a.key }));
    expect(second.checkedInAt).toBe(checkedIn.checkedInAt);
    expect(await checkIns()).toBe(1);

    const undone = await expectIdempotent(r.undoCheckIn.POST, `/attendees/${id}/check-in/undo`, params, { key: a.key }, { x: 1 }, undos);
    expect(parsed(AttendeeSchema, undone).checkedInAt).toBeNull();
    expect(parsed(AttendeeSchema, await call(r.undoCheckIn.POST, `/attendees/${id}/check-in/undo`, params, { key: a.key })).checkedInAt).toBeNull();
    expect(await undos()).toBe(1);
    const told = await facts(id, "attendee.check_in_undone");
    expect(parsePayload("attendee.check_in_undone", told[0]!.payload).attendee).toMatchObject({ id, checkedInAt: null });

    // The ticket admits its holder again.
    parsed(AttendeeSchema, await call(r.checkIn.POST, `/attendees/${id}/check-in`, params, { key: a.key }));
    expect(await checkIns()).toBe(2);
  });

  it("refuses a ticket that is not valid, and a body with fields", async () => {
    const { orgId, key } = await orgWithKey();
    const { attendees } = await freeTickets(orgId);
    const id = attendees[0]!.id;
    const typo = await call(r.checkIn.POST, `/attendees/${id}/check-in`, { attendeeId: id }, { key, body: { eventId: "x" } });
    expect(typo.status).toBe(422);
    expect(Object.keys(typo.body.fields)).toEqual(["eventId"]);
    await t.db.updateTable("attendees").set({ status: "refunded" }).where("id", "=", id).execute();
    const refused = await call(r.checkIn.POST, `/attendees/${id}/check-in`, { attendeeId: id }, { key });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe("This ticket is refunded; only valid tickets can be checked in.");
    expect(await facts(id)).toHaveLength(0);
  });
});

describe("POST /attendees/{attendeeId}/transfer", () => {
  async function validate(key: string, code: string) {
    return parsed(TicketValidationSchema, await call(r.validate.POST, "/tickets/validate", {}, { key, body: { code } }));
  }

  it("gives the ticket a new holder and a new code, voids the old code, and tells ticket.transferred", async () => {
    const a = await orgWithKey("A");
    const { event, ticketType, order, attendees } = await freeTickets(a.orgId);
    const old = attendees[0]!;
    const sold = async () => (await t.db.selectFrom("attendees").select("id").where("event_id", "=", event.id).where("status", "in", ["pending", "paid"]).execute()).length;
    const placesBefore = await sold();
    const body = { name: "Ben Newholder", email: "Ben@Example.com" };

    const res = await expectIdempotent(r.transfer.POST, `/attendees/${old.id}/transfer`, { attendeeId: old.id }, { key: a.key, body }, { ...body, name: "Cy" }, async () => (await facts(order.id, "ticket.transferred")).length);
    const transfer = parsed(TicketTransferSchema, res, 201);
    expect(transfer.from).toMatchObject({ id: old.id, status: "cancelled", transferredTo: transfer.to.id, name: "Ana" });
    expect(transfer.to).toMatchObject({ name: "Ben Newholder", email: "ben@example.com", status: "paid", orderId: order.id, eventId: event.id, ticketTypeId: ticketType.id, transferredTo: null, checkedInAt: null });
    expect(await sold()).toBe(placesBefore);

    const told = await facts(order.id, "ticket.transferred");
    expect(told).toHaveLength(1);
    const payload = parsePayload("ticket.transferred", told[0]!.payload);
    expect(payload.from).toMatchObject({ id: old.id, status: "cancelled" });
    expect(payload.to).toMatchObject({ id: transfer.to.id, email: "ben@example.com", status: "paid" });
    expect(payload.order.id).toBe(order.id);

    const rows = await t.db.selectFrom("attendees").select(["id", "ticket_code"]).where("id", "in", [old.id, transfer.to.id]).execute();
    const codeOf = (id: string) => formatTicketCode(rows.find((x) => x.id === id)!.ticket_code);
    expect(codeOf(old.id)).not.toBe(codeOf(transfer.to.id));
    const oldAtDoor = await validate(a.key, codeOf(old.id));
    expect(oldAtDoor).toMatchObject({ outcome: "cancelled", admit: false });
    expect(oldAtDoor.message).toMatch(/^Transferred: /);
    expect(await validate(a.key, codeOf(transfer.to.id))).toMatchObject({ outcome: "checked_in", admit: true });

    // The old ticket cannot be passed on again; the new holder's can't either once used.
    const again = await call(r.transfer.POST, `/attendees/${old.id}/transfer`, { attendeeId: old.id }, { key: a.key, body: { name: "Dee", email: "dee@example.com" } });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe("This ticket was already transferred; transfer the new holder's ticket instead.");
    const used = await call(r.transfer.POST, `/attendees/${transfer.to.id}/transfer`, { attendeeId: transfer.to.id }, { key: a.key, body: { name: "Dee", email: "dee@example.com" } });
    expect(used.status).toBe(409);
    expect(used.body.message).toBe("This ticket was already used to check in; a used ticket cannot be transferred.");
    expect(await facts(order.id, "ticket.transferred")).toHaveLength(1);
  });

  it("refuses a cancelled or refunded ticket, another organization's, and a bad body", async () => {
    const a = await orgWithKey("A");
    const b = await orgWithKey("B");
    const { order, attendees } = await freeTickets(a.orgId, 3);
    const [one, two, three] = attendees.map((x) => x.id) as [string, string, string];
    const body = { name: "Ben", email: "ben@example.com" };
    const transfer = (id: string, o: CallOptions) => call(r.transfer.POST, `/attendees/${id}/transfer`, { attendeeId: id }, o);

    expect((await transfer(one, { key: b.key, body })).status).toBe(404);
    const bad = await transfer(one, { key: a.key, body: { name: " ", email: "not-an-address", phone: "1" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["email", "name", "phone"]);
    const same = await transfer(one, { key: a.key, body: { name: "Ana", email: "ana@example.com" } });
    expect(same.status).toBe(422);
    expect(same.body.fields.email).toEqual(["This ticket is already held by this e-mail address"]);

    await t.db.updateTable("attendees").set({ status: "cancelled" }).where("id", "=", two).execute();
    await t.db.updateTable("attendees").set({ status: "refunded" }).where("id", "=", three).execute();
    for (const [id, status] of [[two, "cancelled"], [three, "refunded"]] as const) {
      const refused = await transfer(id, { key: a.key, body });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toBe(`This ticket is ${status}; only a valid ticket can be transferred.`);
    }
    expect(await facts(order.id, "ticket.transferred")).toHaveLength(0);
  });
});
