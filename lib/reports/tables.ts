// Each report's tables, as rows of cells: the page shows them under the charts
// and the CSV export writes them, so the numbers a person reads and the file
// they download are the same. Money is a decimal with its currency beside it.
import type { Db } from "@/lib/db/client";
import { decimalAmount } from "./amounts";
import { attendanceReport, type AttendanceReport } from "./attendance";
import { revenueReport, type RevenueReport } from "./revenue";
import { paymentsReport, type PaymentsReport } from "./payments";
import { salesReport, type SalesReport } from "./sales";
import type { ReportScope } from "./scope";

export type Cell = string | number | null;

export const TABLE_IDS = ["sales-by-day", "sales-by-ticket-type", "revenue-by-currency", "revenue-by-day", "attendance", "payments-by-currency", "payment-failures"] as const;
export type TableId = (typeof TABLE_IDS)[number];

export interface ReportTable {
  id: TableId;
  title: string;
  columns: string[];
  rows: Cell[][];
}

export function salesByDayTable(r: SalesReport): ReportTable {
  return {
    id: "sales-by-day",
    title: "Sales by day",
    columns: ["Day (UTC)", "Orders", "Tickets sold", "Refunded", "Cancelled"],
    rows: r.days.filter((d) => d.orders > 0).map((d) => [d.day, d.orders, d.tickets, d.refundedTickets, d.cancelledTickets]),
  };
}

export function salesByTicketTypeTable(r: SalesReport): ReportTable {
  return {
    id: "sales-by-ticket-type",
    title: "Sales by ticket type",
    columns: ["Event", "Ticket type", "Orders", "Tickets sold", "Refunded", "Cancelled"],
    rows: r.ticketTypes.map((t) => [t.eventTitle, t.ticketTypeName, t.orders, t.tickets, t.refundedTickets, t.cancelledTickets]),
  };
}

export function revenueByCurrencyTable(r: RevenueReport): ReportTable {
  return {
    id: "revenue-by-currency",
    title: "Revenue by currency",
    columns: ["Currency", "Orders", "Gross", "Refunded", "Net"],
    rows: r.currencies.map((c) => [c.currency, c.orders, decimalAmount(c.grossMinor, c.currency), decimalAmount(c.refundedMinor, c.currency), decimalAmount(c.netMinor, c.currency)]),
  };
}

export function revenueByDayTable(r: RevenueReport): ReportTable {
  return {
    id: "revenue-by-day",
    title: "Revenue by day",
    columns: ["Day (UTC)", "Currency", "Orders", "Gross", "Refunded", "Net"],
    rows: r.days
      .filter((d) => d.orders > 0)
      .map((d) => [d.day, d.currency, d.orders, decimalAmount(d.grossMinor, d.currency), decimalAmount(d.refundedMinor, d.currency), decimalAmount(d.netMinor, d.currency)]),
  };
}

export function attendanceTable(r: AttendanceReport): ReportTable {
  return {
    id: "attendance",
    title: "Attendance",
    columns: ["Event", "Starts (UTC)", "Status", "Registered", "Checked in", "No-show"],
    rows: r.events.map((e) => [e.title, e.startsAt.slice(0, 16).replace("T", " "), e.status, e.registered, e.checkedIn, e.noShow]),
  };
}

export function paymentsByCurrencyTable(r: PaymentsReport): ReportTable {
  return {
    id: "payments-by-currency",
    title: "Payments by currency",
    columns: ["Currency", "Payments", "Paid", "Failed attempts", "Refunds", "Refunded", "Disputes", "Disputed"],
    rows: r.currencies.map((c) => [
      c.currency,
      c.payments,
      decimalAmount(c.paidMinor, c.currency),
      c.failures,
      c.refunds,
      decimalAmount(c.refundedMinor, c.currency),
      c.disputes,
      decimalAmount(c.disputedMinor, c.currency),
    ]),
  };
}

export function paymentFailuresTable(r: PaymentsReport): ReportTable {
  return {
    id: "payment-failures",
    title: "Failed payments by decline code",
    columns: ["Decline code", "Failed attempts"],
    rows: r.declines.map((d) => [d.reason, d.failures]),
  };
}

function table<R>(load: (db: Db, scope: ReportScope) => Promise<R>, build: (report: R) => ReportTable) {
  return async (db: Db, scope: ReportScope) => build(await load(db, scope));
}

const TABLES: Record<TableId, (db: Db, scope: ReportScope) => Promise<ReportTable>> = {
  "sales-by-day": table(salesReport, salesByDayTable),
  "sales-by-ticket-type": table(salesReport, salesByTicketTypeTable),
  "revenue-by-currency": table(revenueReport, revenueByCurrencyTable),
  "revenue-by-day": table(revenueReport, revenueByDayTable),
  attendance: table((db, scope) => attendanceReport(db, scope), attendanceTable),
  "payments-by-currency": table(paymentsReport, paymentsByCurrencyTable),
  "payment-failures": table(paymentsReport, paymentFailuresTable),
};

export function isTableId(id: string): id is TableId {
  return (TABLE_IDS as readonly string[]).includes(id);
}

export function loadTable(db: Db, scope: ReportScope, id: TableId): Promise<ReportTable> {
  return TABLES[id](db, scope);
}
