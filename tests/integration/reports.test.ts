// Reports on a real PostgreSQL: sales, revenue and attendance over a period, from
// orders made and settled the way checkout and registration make them (paid,
// partially and fully refunded, free, cancelled, pending), in two currencies,
// with orders on both sides of each period boundary and another organization's
// sales beside them; and the CSV the tables become.
import { randomUUID } from "node:crypto";
import { CompiledQuery, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { checkIn } from "@/lib/domain/attendees/service";
import { ValidationError } from "@/lib/domain/errors";
import { addTicketType, cancelEvent, createEvent, publishEvent } from "@/lib/domain/events/service";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { applyRefunds, cancelPendingOrder, markOrderPaid } from "@/lib/domain/orders/settle";
import { cancelRegistration } from "@/lib/domain/registrations/cancel";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { transferTicket } from "@/lib/domain/registrations/transfer";
import type { AttendeeRow, EventRow, TicketTypeRow } from "@/lib/db/schema";
import { decimalAmount, formatAmount } from "@/lib/reports/amounts";
import { attendanceReport } from "@/lib/reports/attendance";
import { csvFilename, tableCsv } from "@/lib/reports/csv";
import { reportPeriod } from "@/lib/reports/period";
import { revenueReport } from "@/lib/reports/revenue";
import { salesReport } from "@/lib/reports/sales";
import { reportScope, soldOrders } from "@/lib/reports/scope";
import { attendanceTable, revenueByCurrencyTable, salesByTicketTypeTable } from "@/lib/reports/tables";
import { eventFields, makeOrg } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
let n = 0;
const buyer = () => ({ name: `Buyer ${++n}`, email: `buyer${n}@example.com`, attempt: randomUUID() });

async function publishedEvent(orgId: string, title: string, types: Array<{ name: string; price: string; currency: string }>) {
  const event = await createEvent(t.db, orgId, { ...eventFields, title, capacity: 100 });
  const ticketTypes: TicketTypeRow[] = [];
  for (const ty of types) ticketTypes.push(await addTicketType(t.db, orgId, event.id, { ...ty, quantity: 50 }));
  return { event: await publishEvent(t.db, orgId, event.id), types: ticketTypes };
}

/** A checkout paid at `paidAt`: what the payment callback does, then the clock set to when it happened. */
async function paidOrder(event: EventRow, items: Array<[TicketTypeRow, number]>, paidAt: string) {
  const { order } = await createPendingOrder(t.db, event.slug, { ...buyer(), items: items.map(([ty, quantity]) => ({ ticketTypeId: ty.id, quantity })) }, "stripe");
  expect(await markOrderPaid(t.db, order.id, { paymentIntentId: `pi_${randomUUID()}` })).toBe("changed");
  await t.db.updateTable("orders").set({ paid_at: paidAt }).where("id", "=", order.id).execute();
  const attendees = await t.db.selectFrom("attendees").selectAll().where("order_id", "=", order.id).orderBy("created_at").execute();
  return { order, attendees };
}

async function setCreatedAt(orderId: string, at: string) {
  await sql`update orders set created_at = ${at} where id = ${orderId}`.execute(t.db);
}

async function attendee(orderId: string, ticketTypeId: string): Promise<AttendeeRow> {
  return t.db.selectFrom("attendees").selectAll().where("order_id", "=", orderId).where("ticket_type_id", "=", ticketTypeId).executeTakeFirstOrThrow();
}

let conf: { event: EventRow; types: TicketTypeRow[] };
let usd: { event: EventRow; types: TicketTypeRow[] };
let called: EventRow;
const PERIOD = { from: "2026-11-10", to: "2026-11-19" };

beforeAll(async () => {
  conf = await publishedEvent(t.orgId, "Conf, \"2026\"", [
    { name: "General", price: "20.00", currency: "EUR" },
    { name: "VIP", price: "50.00", currency: "EUR" },
    { name: "Community", price: "0", currency: "EUR" },
  ]);
  const [general, vip, free] = conf.types as [TicketTypeRow, TicketTypeRow, TicketTypeRow];
  usd = await publishedEvent(t.orgId, "=HYPERLINK(\"http://evil.example\")", [{ name: "Standard", price: "10.00", currency: "USD" }]);

  // Paid, in the last millisecond of the period's first day.
  const o1 = await paidOrder(conf.event, [[general, 2]], "2026-11-10T23:59:59.999Z");
  await checkIn(t.db, t.orgId, o1.attendees[0]!.id);
  // Paid, then one of its two tickets refunded.
  const o2 = await paidOrder(conf.event, [[general, 1], [vip, 1]], "2026-11-11T00:00:00.000Z");
  const o2General = await attendee(o2.order.id, general.id);
  expect(await applyRefunds(t.db, o2.order.id, { refundedMinor: 2000, attendeeIds: [o2General.id] })).toBe("changed");
  // Paid, its holder checked in, then the whole order refunded: no longer a registration.
  const o3 = await paidOrder(conf.event, [[vip, 1]], "2026-11-11T12:00:00.000Z");
  await checkIn(t.db, t.orgId, o3.attendees[0]!.id);
  expect(await applyRefunds(t.db, o3.order.id, { refundedMinor: 5000, attendeeIds: [] })).toBe("changed");
  // Free: two tickets, one cancelled since, the other checked in.
  const reg = await registerFree(t.db, conf.event.slug, { ...buyer(), ticketTypeId: free.id, quantity: 2 });
  await setCreatedAt(reg.order.id, "2026-11-12T10:00:00.000Z");
  await cancelRegistration(t.db, t.orgId, reg.attendees[1]!.id);
  await checkIn(t.db, t.orgId, reg.attendees[0]!.id);
  // Free, one ticket, cancelled since: the order is cancelled, and was still a registration.
  const gone = await registerFree(t.db, conf.event.slug, { ...buyer(), ticketTypeId: free.id, quantity: 1 });
  await setCreatedAt(gone.order.id, "2026-11-12T11:00:00.000Z");
  await cancelRegistration(t.db, t.orgId, gone.attendees[0]!.id);
  // A ticket of the first order passed to someone else: still one ticket sold, not a cancellation.
  await transferTicket(t.db, t.orgId, o1.attendees[1]!.id, { name: "New Holder", email: "holder@example.com" });
  // Another currency, the same day.
  await paidOrder(usd.event, [[usd.types[0]!, 3]], "2026-11-12T18:30:00.000Z");

  // Just outside the period on either side.
  await paidOrder(conf.event, [[general, 1]], "2026-11-09T23:59:59.999Z");
  await paidOrder(conf.event, [[vip, 1]], "2026-11-20T00:00:00.000Z");
  // Never paid: a checkout still open, and one that expired.
  const open = await createPendingOrder(t.db, conf.event.slug, { ...buyer(), items: [{ ticketTypeId: general.id, quantity: 4 }] }, "stripe");
  await setCreatedAt(open.order.id, "2026-11-13T10:00:00.000Z");
  const expired = await createPendingOrder(t.db, conf.event.slug, { ...buyer(), items: [{ ticketTypeId: vip.id, quantity: 2 }] }, "stripe");
  await setCreatedAt(expired.order.id, "2026-11-13T11:00:00.000Z");
  await cancelPendingOrder(t.db, expired.order.id);

  // A cancelled event with a ticket, starting in the period.
  const cancelledEv = await publishedEvent(t.orgId, "Called off", [{ name: "Entry", price: "0", currency: "EUR" }]);
  await registerFree(t.db, cancelledEv.event.slug, { ...buyer(), ticketTypeId: cancelledEv.types[0]!.id, quantity: 1 });
  called = await cancelEvent(t.db, t.orgId, cancelledEv.event.id);

  // A draft starting in the period: no tickets, not in the report.
  await createEvent(t.db, t.orgId, { ...eventFields, title: "Still a draft" });

  // Another organization sells on the same days, in the same currency.
  const other = await makeOrg(t.db, "Other Org");
  const theirs = await publishedEvent(other.id, "Their Gala", [{ name: "Seat", price: "99.00", currency: "EUR" }]);
  const { order } = await createPendingOrder(t.db, theirs.event.slug, { ...buyer(), items: [{ ticketTypeId: theirs.types[0]!.id, quantity: 2 }] }, "stripe");
  await markOrderPaid(t.db, order.id, { paymentIntentId: "pi_theirs" });
  await t.db.updateTable("orders").set({ paid_at: "2026-11-12T09:00:00Z" }).where("id", "=", order.id).execute();

  // The events took place in the period (they were created for 2030 so tickets could be sold).
  const at = (ev: { id: string }, day: string) =>
    t.db.updateTable("events").set({ starts_at: `${day}T09:00:00Z`, ends_at: `${day}T17:00:00Z` }).where("id", "=", ev.id).execute();
  await at(conf.event, "2026-11-15");
  await at(called, "2026-11-16");
  await at(theirs.event, "2026-11-15");
  await t.db.updateTable("events").set({ starts_at: "2026-11-17T09:00:00Z", ends_at: "2026-11-17T17:00:00Z" }).where("title", "=", "Still a draft").execute();
});

const scope = (q: { from?: string; to?: string; eventId?: string } = PERIOD) => reportScope(t.db, t.orgId, q);

describe("revenue", () => {
  it("adds gross, refunded and net per currency in minor units, partial and full refunds and free orders included, never mixing currencies", async () => {
    const r = await revenueReport(t.db, await scope());
    expect(r.currencies).toEqual([
      { currency: "EUR", orders: 5, grossMinor: 16000, refundedMinor: 7000, netMinor: 9000 },
      { currency: "USD", orders: 1, grossMinor: 3000, refundedMinor: 0, netMinor: 3000 },
    ]);
    // Every day of the period for each currency; the refunds sit on the day their orders were sold.
    expect(r.days).toHaveLength(20);
    expect(r.days.find((d) => d.currency === "EUR" && d.day === "2026-11-11")).toEqual({ day: "2026-11-11", currency: "EUR", orders: 2, grossMinor: 12000, refundedMinor: 7000, netMinor: 5000 });
    expect(r.days.find((d) => d.currency === "EUR" && d.day === "2026-11-12")).toMatchObject({ orders: 2, grossMinor: 0, netMinor: 0 });
    expect(r.days.find((d) => d.currency === "USD" && d.day === "2026-11-10")).toMatchObject({ orders: 0, grossMinor: 0 });
  });

  it("takes both boundary days whole, in UTC, and nothing of the day before or after", async () => {
    const gross = async (from: string, to: string) => (await revenueReport(t.db, await scope({ from, to }))).currencies.find((c) => c.currency === "EUR")?.grossMinor ?? 0;
    expect(await gross("2026-11-10", "2026-11-10")).toBe(4000);
    expect(await gross("2026-11-09", "2026-11-09")).toBe(2000);
    expect(await gross("2026-11-20", "2026-11-20")).toBe(5000);
    expect(await gross("2026-11-09", "2026-11-20")).toBe(16000 + 2000 + 5000);
    expect(await gross("2026-11-13", "2026-11-19")).toBe(0);
  });

  it("narrows to one event", async () => {
    const r = await revenueReport(t.db, await scope({ ...PERIOD, eventId: usd.event.id }));
    expect(r.currencies).toEqual([{ currency: "USD", orders: 1, grossMinor: 3000, refundedMinor: 0, netMinor: 3000 }]);
  });
});

describe("sales", () => {
  it("counts orders and tickets per day and per ticket type, refunded and cancelled tickets beside them, a transfer as one ticket, pending and expired checkouts not at all", async () => {
    const r = await salesReport(t.db, await scope());
    expect(r.totals).toEqual({ orders: 6, tickets: 11, refundedTickets: 2, cancelledTickets: 2 });
    expect(r.days.filter((d) => d.orders > 0)).toEqual([
      { day: "2026-11-10", orders: 1, tickets: 2, refundedTickets: 0, cancelledTickets: 0 },
      { day: "2026-11-11", orders: 2, tickets: 3, refundedTickets: 2, cancelledTickets: 0 },
      { day: "2026-11-12", orders: 3, tickets: 6, refundedTickets: 0, cancelledTickets: 2 },
    ]);
    expect(r.days.map((d) => d.day)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-11-${10 + i}`));
    expect(r.ticketTypes.map(({ eventId: _e, ticketTypeId: _t, ...rest }) => rest)).toEqual([
      { eventTitle: 'Conf, "2026"', ticketTypeName: "General", orders: 2, tickets: 3, refundedTickets: 1, cancelledTickets: 0 },
      { eventTitle: 'Conf, "2026"', ticketTypeName: "VIP", orders: 2, tickets: 2, refundedTickets: 1, cancelledTickets: 0 },
      { eventTitle: 'Conf, "2026"', ticketTypeName: "Community", orders: 2, tickets: 3, refundedTickets: 0, cancelledTickets: 2 },
      { eventTitle: '=HYPERLINK("http://evil.example")', ticketTypeName: "Standard", orders: 1, tickets: 3, refundedTickets: 0, cancelledTickets: 0 },
    ]);
  });
});

describe("attendance", () => {
  it("counts valid tickets as registered, refunded and cancelled ones not, and no-shows once an event has ended", async () => {
    const r = await attendanceReport(t.db, await scope());
    expect(r.events.map((e) => [e.title, e.status, e.ended, e.registered, e.checkedIn, e.noShow])).toEqual([
      // Whenever they were bought: the two tickets sold just outside the sales period count too.
      ['Conf, "2026"', "published", true, 6, 2, 4],
      ["Called off", "cancelled", false, 1, 0, null],
    ]);
    expect(r.totals).toEqual({ registered: 7, checkedIn: 2, noShow: 4 });
  });

  it("leaves no-shows open while the event is still on", async () => {
    const r = await attendanceReport(t.db, await scope(), new Date("2026-11-15T12:00:00Z"));
    expect(r.events[0]).toMatchObject({ ended: false, registered: 6, checkedIn: 2, noShow: null });
    expect(r.totals.noShow).toBe(0);
  });

  it("with an event chosen, shows that event whatever the period", async () => {
    const r = await attendanceReport(t.db, await scope({ from: "2020-01-01", to: "2020-01-31", eventId: conf.event.id }));
    expect(r.events.map((e) => e.eventId)).toEqual([conf.event.id]);
  });
});

describe("the period and the scope", () => {
  it("defaults to the last 30 days up to today (UTC), or to the event's whole life, and refuses a backwards or too long period", async () => {
    const now = new Date("2026-12-07T23:30:00-05:00");
    expect(reportPeriod({}, { now })).toMatchObject({ from: "2026-11-09", to: "2026-12-08" });
    expect(reportPeriod({ to: "2026-03-01" })).toMatchObject({ from: "2026-01-31", to: "2026-03-01", start: new Date("2026-01-31T00:00:00Z"), end: new Date("2026-03-02T00:00:00Z") });
    expect(reportPeriod({}, { now, defaultFrom: "2020-01-01" }).from).toBe("2024-12-08");
    expect(() => reportPeriod({ from: "2026-11-02", to: "2026-11-01" })).toThrow(ValidationError);
    expect(() => reportPeriod({ from: "2024-01-01", to: "2026-01-01" })).toThrow(expect.objectContaining({ fieldErrors: { to: [expect.stringContaining("at most 731 days")] } }));
    const s = await scope({ eventId: conf.event.id });
    expect(s.period.from).toBe(conf.event.created_at.toISOString().slice(0, 10));
  });

  it("answers another organization's event as not found, and never counts its sales", async () => {
    const theirs = await t.db.selectFrom("events").select("id").where("title", "=", "Their Gala").executeTakeFirstOrThrow();
    await expect(scope({ ...PERIOD, eventId: theirs.id })).rejects.toMatchObject({ name: "NotFoundError" });
    const r = await revenueReport(t.db, await scope());
    expect(r.currencies.find((c) => c.currency === "EUR")?.grossMinor).toBe(16000);
  });
});

describe("tables and CSV", () => {
  it("writes exact decimals, quotes what needs quoting and defuses formulas", async () => {
    const s = await scope();
    const csv = tableCsv(salesByTicketTypeTable(await salesReport(t.db, s)));
    expect(csv.startsWith("\uFEFFEvent,Ticket type,Orders,Tickets sold,Refunded,Cancelled\r\n")).toBe(true);
    expect(csv).toContain('\r\n"Conf, ""2026""",General,2,3,1,0\r\n');
    expect(csv).toContain(`\r\n"'=HYPERLINK(""http://evil.example"")",Standard,1,3,0,0\r\n`);
    expect(tableCsv(revenueByCurrencyTable(await revenueReport(t.db, s)))).toBe("\uFEFFCurrency,Orders,Gross,Refunded,Net\r\nEUR,5,160.00,70.00,90.00\r\nUSD,1,30.00,0.00,30.00\r\n");
    expect(tableCsv(attendanceTable(await attendanceReport(t.db, s)))).toContain('\r\nCalled off,2026-11-16 09:00,cancelled,1,0,\r\n');
    expect(csvFilename(salesByTicketTypeTable(await salesReport(t.db, s)), s)).toBe("report-sales-by-ticket-type-2026-11-10-to-2026-11-19.csv");
  });

  it("formats minor units exactly for every currency's digits", () => {
    expect(decimalAmount(5, "EUR")).toBe("0.05");
    expect(decimalAmount(123456789012345, "CHF")).toBe("1234567890123.45");
    expect(decimalAmount(1500, "JPY")).toBe("1500");
    expect(decimalAmount(-250, "EUR")).toBe("-2.50");
    expect(formatAmount(0, "EUR")).toBe("€0.00");
    expect(formatAmount(2500, "CHF")).toBe("CHF\u00a025.00");
  });
});

describe("indexes", () => {
  it("reads sold orders through orders_report_counted_idx and their tickets through attendees_order_idx", async () => {
    const query = soldOrders(t.db, await scope()).innerJoin("attendees", "attendees.order_id", "orders.id").select(sql<string>`count(*)`.as("n")).compile();
    const plan = await t.db.transaction().execute(async (tx) => {
      // A handful of rows would be scanned whole anyway; this asks whether the indexes fit the query at all.
      await sql`set local enable_seqscan = off`.execute(tx);
      await sql`set local enable_hashjoin = off`.execute(tx);
      await sql`set local enable_mergejoin = off`.execute(tx);
      const res = await tx.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      return res.rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("orders_report_counted_idx");
    expect(plan).toContain("attendees_order_idx");
  });
});
