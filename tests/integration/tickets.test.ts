// Tickets at the door on a real PostgreSQL: one check-in however many scanners
// race on a ticket, refusals in words, codes that never cross organizations,
// the order's PDF, and POST /api/v1/tickets/validate as an API client calls it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import { TicketValidationSchema } from "@/lib/api/schemas";
import { cancelRegistration } from "@/lib/domain/registrations/cancel";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { ticketPdf } from "@/lib/tickets/pdf";
import { formatTicketCode } from "@/lib/tickets/code";
import { validateTicket } from "@/lib/tickets/validate";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { readTicketPdf } from "../helpers/pdf-qr";

// Low, so the guessing limit is reached within the test.
process.env.RATE_LIMIT_TICKET_CODE_MISS = "3/600";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let t: TestDatabase;
let validateRoute: Handler;
let pdfRoute: Handler;

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  validateRoute = (await import("@/app/api/v1/tickets/validate/route")).POST as Handler;
  pdfRoute = (await import("@/app/e/[slug]/orders/[orderId]/tickets.pdf/route")).GET as Handler;
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

/** An organization with a published event and a free order of `quantity` tickets. */
async function orgWithTickets(quantity = 1) {
  const org = await makeOrg(t.db);
  const { event, ticketType } = await makePublishedEvent(t.db, org.id);
  const { order } = await registerFree(t.db, event.slug, { name: "Ada Door", email: `ada.${randomUUID().slice(0, 8)}@example.com`, ticketTypeId: ticketType.id, quantity });
  const attendees = await t.db.selectFrom("attendees").selectAll().where("order_id", "=", order.id).orderBy("created_at").orderBy("id").execute();
  return { orgId: org.id, event, order, attendees };
}

async function checkedInFacts(attendeeId: string): Promise<number> {
  const row = await t.db
    .selectFrom("domain_events")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("type", "=", "attendee.checked_in")
    .where("aggregate_id", "=", attendeeId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("validateTicket", () => {
  it("checks a ticket in once under ten concurrent scans: one checked_in, nine already_checked_in, one fact", async () => {
    const { orgId, event, attendees } = await orgWithTickets();
    const code = formatTicketCode(attendees[0]!.ticket_code).toLowerCase();
    const results = await Promise.all(Array.from({ length: 10 }, () => validateTicket(t.db, orgId, code, { eventId: event.id, checkIn: true })));
    expect(results.filter((r) => r.outcome === "checked_in")).toHaveLength(1);
    const again = results.filter((r) => r.outcome === "already_checked_in");
    expect(again).toHaveLength(9);
    expect(again[0]!.admit).toBe(false);
    expect(again[0]!.message).toMatch(/^Already checked in at \d\d:\d\d: Ada Door \(General\)/);
    expect(await checkedInFacts(attendees[0]!.id)).toBe(1);
    const row = await t.db.selectFrom("attendees").select("checked_in_at").where("id", "=", attendees[0]!.id).executeTakeFirstOrThrow();
    expect(results.every((r) => r.ticket?.checkedInAt === row.checked_in_at!.toISOString())).toBe(true);
  });

  it("only looks a ticket up with checkIn: false", async () => {
    const { orgId, attendees } = await orgWithTickets();
    const r = await validateTicket(t.db, orgId, attendees[0]!.ticket_code, { checkIn: false });
    expect(r).toMatchObject({ outcome: "valid", admit: true, ticket: { attendeeName: "Ada Door", ticketType: "General", checkedInAt: null } });
    expect(await checkedInFacts(attendees[0]!.id)).toBe(0);
  });

  it("refuses refunded, cancelled and unpaid tickets in words, and checks none of them in", async () => {
    const { orgId, event, order, attendees } = await orgWithTickets(3);
    const [refunded, cancelled, pending] = attendees;
    await t.db.updateTable("attendees").set({ status: "refunded" }).where("id", "=", refunded!.id).execute();
    await cancelRegistration(t.db, orgId, cancelled!.id);
    await t.db.updateTable("attendees").set({ status: "pending" }).where("id", "=", pending!.id).execute();

    const r1 = await validateTicket(t.db, orgId, refunded!.ticket_code, { eventId: event.id, checkIn: true });
    expect(r1).toMatchObject({ outcome: "refunded", admit: false });
    expect(r1.message).toBe("Refunded: Ada Door (General)'s ticket was refunded and is no longer valid. Do not admit.");
    const r2 = await validateTicket(t.db, orgId, cancelled!.ticket_code, { eventId: event.id, checkIn: true });
    expect(r2).toMatchObject({ outcome: "cancelled", admit: false });
    expect(r2.message).toMatch(/^Cancelled: .*was cancelled and is no longer valid\. Do not admit\.$/);
    const r3 = await validateTicket(t.db, orgId, pending!.ticket_code, { eventId: event.id, checkIn: true });
    expect(r3).toMatchObject({ outcome: "pending", admit: false });
    expect(r3.message).toMatch(/^Not paid: /);

    for (const a of attendees) expect(await checkedInFacts(a.id)).toBe(0);
    const rows = await t.db.selectFrom("attendees").select("checked_in_at").where("order_id", "=", order.id).execute();
    expect(rows.every((r) => r.checked_in_at === null)).toBe(true);
  });

  it("answers not_found for another organization's code, and for a code that is not one", async () => {
    const mine = await orgWithTickets();
    const theirs = await orgWithTickets();
    const r = await validateTicket(t.db, mine.orgId, theirs.attendees[0]!.ticket_code, { checkIn: true });
    expect(r).toMatchObject({ outcome: "not_found", admit: false, ticket: null });
    expect(r.message).toContain(`No ticket has the code ${formatTicketCode(theirs.attendees[0]!.ticket_code)}`);
    expect(await checkedInFacts(theirs.attendees[0]!.id)).toBe(0);
    expect(await validateTicket(t.db, mine.orgId, "https://evil.example/x", { checkIn: true })).toMatchObject({ outcome: "not_found", message: expect.stringMatching(/^This is not a ticket code/) });
  });

  it("refuses a ticket of another event of the same organization", async () => {
    const { orgId, attendees } = await orgWithTickets();
    const { event: other } = await makePublishedEvent(t.db, orgId);
    const r = await validateTicket(t.db, orgId, attendees[0]!.ticket_code, { eventId: other.id, checkIn: true });
    expect(r).toMatchObject({ outcome: "wrong_event", admit: false, ticket: { eventTitle: "Test Conference" } });
    expect(r.message).toBe("Not for this event: this ticket is for “Test Conference”. Do not admit.");
    expect(await checkedInFacts(attendees[0]!.id)).toBe(0);
  });
});

describe("the order's PDF", () => {
  it("has a page per valid ticket, each QR decoding to that ticket's code", async () => {
    const { orgId, order, attendees, event } = await orgWithTickets(3);
    await cancelRegistration(t.db, orgId, attendees[1]!.id);
    const pages = await readTicketPdf((await ticketPdf(t.db, orgId, order.id))!);
    expect(pages.map((p) => p.qr)).toEqual([attendees[0]!.ticket_code, attendees[2]!.ticket_code]);
    expect(pages[0]!.text).toContain(event.title);

    // Another organization cannot render it; an order without a valid ticket has none.
    const other = await makeOrg(t.db);
    expect(await ticketPdf(t.db, other.id, order.id)).toBeNull();
    await cancelRegistration(t.db, orgId, attendees[0]!.id);
    await cancelRegistration(t.db, orgId, attendees[2]!.id);
    expect(await ticketPdf(t.db, orgId, order.id)).toBeNull();
  });

  it("is downloaded from the order page's address, and only with the event's slug", async () => {
    const { order, event, attendees } = await orgWithTickets(2);
    const get = (slug: string, orderId: string) => pdfRoute(new Request(`http://localhost/e/${slug}/orders/${orderId}/tickets.pdf`), { params: Promise.resolve({ slug, orderId }) });
    const res = await get(event.slug, order.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const pages = await readTicketPdf(new Uint8Array(await res.arrayBuffer()));
    expect(pages.map((p) => p.qr)).toEqual(attendees.map((a) => a.ticket_code));
    expect((await get("another-event", order.id)).status).toBe(404);
    expect((await get(event.slug, randomUUID())).status).toBe(404);
    expect((await get(event.slug, "../../etc")).status).toBe(404);
  });
});

describe("POST /api/v1/tickets/validate", () => {
  async function call(body: unknown, o: { key?: string; idempotencyKey?: string } = {}) {
    const headers = new Headers({ "content-type": "application/json" });
    if (o.key) headers.set("x-api-key", o.key);
    if (o.idempotencyKey) headers.set("idempotency-key", o.idempotencyKey);
    const res = await validateRoute(new Request("http://localhost/api/v1/tickets/validate", { method: "POST", headers, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }

  it("answers 401 without a key and checks nobody in", async () => {
    const { attendees } = await orgWithTickets();
    const res = await call({ code: attendees[0]!.ticket_code });
    expect(res.status).toBe(401);
    expect(await checkedInFacts(attendees[0]!.id)).toBe(0);
  });

  it("checks in with a key, answers a repeat with the same Idempotency-Key again, and a new scan as already checked in", async () => {
    const { orgId, event, attendees } = await orgWithTickets(2);
    const { key } = await createApiKey(t.db, orgId, null, { name: "door scanner" });
    const first = await call({ code: formatTicketCode(attendees[0]!.ticket_code), eventId: event.id }, { key, idempotencyKey: "scan-1" });
    expect(first.status).toBe(200);
    expect(TicketValidationSchema.parse(first.body)).toMatchObject({ outcome: "checked_in", admit: true, counts: { checkedIn: 1, total: 2 } });
    const replay = await call({ code: formatTicketCode(attendees[0]!.ticket_code), eventId: event.id }, { key, idempotencyKey: "scan-1" });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.outcome).toBe("checked_in");
    const again = await call({ code: attendees[0]!.ticket_code, eventId: event.id }, { key });
    expect(again.body.outcome).toBe("already_checked_in");
    expect(await checkedInFacts(attendees[0]!.id)).toBe(1);
    // checkIn defaults to true; false only looks.
    expect((await call({ code: attendees[1]!.ticket_code, checkIn: false }, { key })).body).toMatchObject({ outcome: "valid", counts: null });
    expect(await checkedInFacts(attendees[1]!.id)).toBe(0);
  });

  it("answers 422 for a body that is not a validation request, and 404 for another organization's event", async () => {
    const { orgId, attendees } = await orgWithTickets();
    const { key } = await createApiKey(t.db, orgId, null, { name: "k" });
    const bad = await call({ code: 42, checkIn: "yes", extra: 1 }, { key });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["checkIn", "code", "extra"]);
    const theirs = await orgWithTickets();
    const res = await call({ code: attendees[0]!.ticket_code, eventId: theirs.event.id }, { key });
    expect(res.status).toBe(404);
    expect(await checkedInFacts(attendees[0]!.id)).toBe(0);
  });

  it("refuses every code for a while once a key has tried too many unknown ones, real ones included", async () => {
    const { orgId, attendees } = await orgWithTickets();
    const { key } = await createApiKey(t.db, orgId, null, { name: "guesser" });
    for (let i = 0; i < 3; i++) expect((await call({ code: `00000000000000${String(i).padStart(2, "0")}` }, { key })).body.outcome).toBe("not_found");
    const limited = await call({ code: attendees[0]!.ticket_code }, { key, idempotencyKey: "after-limit" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/^Too many ticket codes that match no ticket\. Try again in/);
    expect(await checkedInFacts(attendees[0]!.id)).toBe(0);
    // The 429 is not kept under the Idempotency-Key, and another key of the organization is not affected.
    const row = await t.db.selectFrom("api_idempotency_keys").select("idempotency_key").where("idempotency_key", "=", "after-limit").executeTakeFirst();
    expect(row).toBeUndefined();
    const { key: other } = await createApiKey(t.db, orgId, null, { name: "door" });
    expect((await call({ code: attendees[0]!.ticket_code }, { key: other })).body.outcome).toBe("checked_in");
  });
});
