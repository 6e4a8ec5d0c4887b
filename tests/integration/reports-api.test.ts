// /api/v1/reports/* as a client sees it: the key, the period in the query (422
// naming the bad field), another organization's event (404), and answers that
// match their documented schemas and the organization's own sales only.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import { AttendanceReportSchema, RevenueReportSchema, SalesReportSchema } from "@/lib/api/reports";
import { ErrorSchema } from "@/lib/api/schemas";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { markOrderPaid } from "@/lib/domain/orders/settle";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";

type Handler = (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;
let t: TestDatabase;
let routes: Record<"sales" | "revenue" | "attendance", Handler>;
let mine: { key: string; eventId: string };
let theirs: { key: string; eventId: string };
const today = new Date().toISOString().slice(0, 10);

async function orgSelling(name: string, price: string, quantity: number) {
  const org = await makeOrg(t.db, name);
  const { key } = await createApiKey(t.db, org.id, null, { name: "reports" });
  const { event, ticketType } = await makePublishedEvent(t.db, org.id, { price });
  const { order } = await createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity }] }, "stripe");
  await markOrderPaid(t.db, order.id, { paymentIntentId: `pi_${randomUUID()}` });
  return { key, eventId: event.id };
}

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  routes = {
    sales: (await import("@/app/api/v1/reports/sales/route")).GET,
    revenue: (await import("@/app/api/v1/reports/revenue/route")).GET,
    attendance: (await import("@/app/api/v1/reports/attendance/route")).GET,
  };
  mine = await orgSelling("Mine", "12.50", 2);
  theirs = await orgSelling("Theirs", "99", 1);
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

async function get(report: keyof typeof routes, key: string | null, query: Record<string, string> = {}) {
  const url = new URL(`http://localhost/api/v1/reports/${report}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await routes[report](new Request(url, { headers: key ? { "x-api-key": key } : {} }), { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

describe("/api/v1/reports", () => {
  it("answers 401 without a key", async () => {
    for (const r of ["sales", "revenue", "attendance"] as const) {
      const res = await get(r, null);
      expect(res.status).toBe(401);
      expect(ErrorSchema.parse(res.body).error).toBe("unauthorized");
    }
  });

  it("reports the key's organization over the last 30 days by default, in the documented shapes", async () => {
    const revenue = await get("revenue", mine.key);
    expect(revenue.status).toBe(200);
    const r = RevenueReportSchema.parse(revenue.body);
    expect(r).toMatchObject({ to: today, timeZone: "UTC", eventId: null });
    expect(r.days).toHaveLength(30);
    expect(r.currencies).toEqual([{ currency: "EUR", orders: 1, grossMinor: 2500, refundedMinor: 0, netMinor: 2500 }]);

    const sales = SalesReportSchema.parse((await get("sales", mine.key, { eventId: mine.eventId })).body);
    expect(sales.totals).toEqual({ orders: 1, tickets: 2, refundedTickets: 0, cancelledTickets: 0 });
    expect(sales.eventId).toBe(mine.eventId);

    // The event starts in 2030: outside the default period, but there when asked for by id.
    expect(AttendanceReportSchema.parse((await get("attendance", mine.key)).body).events).toEqual([]);
    const one = AttendanceReportSchema.parse((await get("attendance", mine.key, { eventId: mine.eventId })).body);
    expect(one.events).toEqual([expect.objectContaining({ eventId: mine.eventId, registered: 2, checkedIn: 0, noShow: null, ended: false })]);
  });

  it("answers 422 naming the field for a malformed date, a backwards period, a too long one and a bad event id", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ from: "2026-02-30" }, "from"],
      [{ to: "yesterday" }, "to"],
      [{ from: "2026-11-02", to: "2026-11-01" }, "from"],
      [{ from: "2020-01-01", to: "2026-01-01" }, "to"],
      [{ eventId: "42" }, "eventId"],
    ];
    for (const [query, field] of cases) {
      const res = await get("sales", mine.key, query);
      expect(res.status, JSON.stringify(query)).toBe(422);
      expect(Object.keys(ErrorSchema.parse(res.body).fields ?? {})).toEqual([field]);
    }
  });

  it("answers another organization's event as not found, and never counts its sales", async () => {
    const res = await get("revenue", mine.key, { eventId: theirs.eventId });
    expect(res.status).toBe(404);
    expect(ErrorSchema.parse(res.body).error).toBe("not_found");
    const r = RevenueReportSchema.parse((await get("revenue", theirs.key)).body);
    expect(r.currencies).toEqual([{ currency: "EUR", orders: 1, grossMinor: 9900, refundedMinor: 0, netMinor: 9900 }]);
  });
});
