// Sales: orders and tickets sold, per day and per ticket type. A ticket sold and
// refunded (or a free one cancelled) later still counts as sold on its day, and
// is counted again under refunded (or cancelled), so nothing sold disappears
// from the history.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { daysOf } from "./period";
import { int, soldAt, soldOrders, type ReportScope } from "./scope";

export interface TicketCounts {
  orders: number;
  tickets: number;
  refundedTickets: number;
  cancelledTickets: number;
}

export interface SalesDay extends TicketCounts {
  day: string;
}

export interface SalesByTicketType extends TicketCounts {
  eventId: string;
  eventTitle: string;
  ticketTypeId: string;
  ticketTypeName: string;
}

export interface SalesReport {
  totals: TicketCounts;
  /** Every day of the period, days without sales included. */
  days: SalesDay[];
  /** An order with tickets of two types counts once under each. */
  ticketTypes: SalesByTicketType[];
}

const counts = {
  orders: sql<string>`count(distinct orders.id)`,
  tickets: sql<string>`count(attendees.id)`,
  refunded: sql<string>`count(attendees.id) filter (where attendees.status = 'refunded')`,
  cancelled: sql<string>`count(attendees.id) filter (where attendees.status = 'cancelled')`,
};

function toCounts(r: { orders: string; tickets: string; refunded: string; cancelled: string }): TicketCounts {
  return { orders: int(r.orders), tickets: int(r.tickets), refundedTickets: int(r.refunded), cancelledTickets: int(r.cancelled) };
}

export async function salesReport(db: Db, scope: ReportScope): Promise<SalesReport> {
  // A transferred ticket is one sale with a new holder: the voided ticket is not counted beside its replacement.
  const tickets = () => soldOrders(db, scope).innerJoin("attendees", "attendees.order_id", "orders.id").where("attendees.transferred_to", "is", null);
  const [dayRows, typeRows] = await Promise.all([
    tickets()
      .select([
        sql<string>`to_char(${soldAt} at time zone 'UTC', 'YYYY-MM-DD')`.as("day"),
        counts.orders.as("orders"),
        counts.tickets.as("tickets"),
        counts.refunded.as("refunded"),
        counts.cancelled.as("cancelled"),
      ])
      .groupBy(sql.ref("day"))
      .execute(),
    tickets()
      .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
      .innerJoin("events", "events.id", "orders.event_id")
      .select([
        "events.id as event_id",
        "events.title as event_title",
        "ticket_types.id as ticket_type_id",
        "ticket_types.name as ticket_type_name",
        counts.orders.as("orders"),
        counts.tickets.as("tickets"),
        counts.refunded.as("refunded"),
        counts.cancelled.as("cancelled"),
      ])
      .groupBy(["events.id", "events.title", "events.starts_at", "ticket_types.id", "ticket_types.name", "ticket_types.created_at"])
      .orderBy("events.starts_at")
      .orderBy("events.id")
      .orderBy("ticket_types.created_at")
      .orderBy("ticket_types.id")
      .execute(),
  ]);

  const byDay = new Map(dayRows.map((r) => [r.day, toCounts(r)]));
  const none: TicketCounts = { orders: 0, tickets: 0, refundedTickets: 0, cancelledTickets: 0 };
  const days = daysOf(scope.period).map((day) => ({ day, ...(byDay.get(day) ?? none) }));
  // Each order was sold on exactly one day, so the days add up to the totals.
  const totals = days.reduce<TicketCounts>(
    (t, d) => ({
      orders: t.orders + d.orders,
      tickets: t.tickets + d.tickets,
      refundedTickets: t.refundedTickets + d.refundedTickets,
      cancelledTickets: t.cancelledTickets + d.cancelledTickets,
    }),
    none,
  );
  return {
    totals,
    days,
    ticketTypes: typeRows.map((r) => ({
      eventId: r.event_id,
      eventTitle: r.event_title,
      ticketTypeId: r.ticket_type_id,
      ticketTypeName: r.ticket_type_name,
      ...toCounts(r),
    })),
  };
}
