// /api/v1/reports: the numbers of the admin's report pages (lib/reports), with
// the period they cover. Schemas here (not in ./schemas) keep the reports'
// contract in one place; ./openapi.ts lists them.
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { attendanceReport } from "@/lib/reports/attendance";
import { ReportQuery } from "@/lib/reports/period";
import { paymentsReport } from "@/lib/reports/payments";
import { revenueReport } from "@/lib/reports/revenue";
import { salesReport } from "@/lib/reports/sales";
import { reportScope, type ReportScope } from "@/lib/reports/scope";

export { ReportQuery };

const count = z.number().int().min(0);
const minor = (what: string) => z.number().int().meta({ description: `${what}, in minor units of currency.` });
const day = z.iso.date();

const periodFields = {
  from: day.meta({ description: "First day of the period, included." }),
  to: day.meta({ description: "Last day of the period, included." }),
  timeZone: z.literal("UTC").meta({ description: "Days are UTC days." }),
  eventId: z.uuid().nullable().meta({ description: "The event the report is narrowed to; null for the whole organization." }),
};

const ticketCounts = {
  orders: count.meta({ description: "Settled orders (paid, or free registrations) sold in the period." }),
  tickets: count.meta({ description: "Tickets of those orders, including ones refunded or cancelled since." }),
  refundedTickets: count,
  cancelledTickets: count.meta({ description: "Free tickets cancelled since." }),
};

export const SalesReportSchema = z
  .object({
    ...periodFields,
    totals: z.object(ticketCounts),
    days: z.array(z.object({ day, ...ticketCounts })).meta({ description: "Every day of the period, days without sales included." }),
    ticketTypes: z
      .array(z.object({ eventId: z.uuid(), eventTitle: z.string(), ticketTypeId: z.uuid(), ticketTypeName: z.string(), ...ticketCounts }))
      .meta({ description: "Per ticket type; an order with two types counts once under each." }),
  })
  .meta({ description: "Orders and tickets sold, by the day the order was paid (free registrations: made)." });

const amounts = {
  grossMinor: minor("Paid for the period's orders"),
  refundedMinor: minor("Refunded on those orders since, partial refunds included"),
  netMinor: minor("Gross minus refunded"),
};

export const RevenueReportSchema = z
  .object({
    ...periodFields,
    currencies: z.array(z.object({ currency: z.string().length(3), orders: count, ...amounts })),
    days: z.array(z.object({ day, currency: z.string().length(3), orders: count, ...amounts })).meta({ description: "Every day of the period for each currency." }),
  })
  .meta({ description: "Revenue per currency (never added across currencies). Refunds count against the day their order was sold." });

export const AttendanceReportSchema = z
  .object({
    ...periodFields,
    totals: z.object({ registered: count, checkedIn: count, noShow: count.meta({ description: "Over the events that have ended." }) }),
    events: z.array(
      z.object({
        eventId: z.uuid(),
        title: z.string(),
        startsAt: z.iso.datetime(),
        endsAt: z.iso.datetime(),
        status: z.enum(["published", "cancelled"]),
        ended: z.boolean().meta({ description: "Over and not cancelled." }),
        registered: count.meta({ description: "Valid (paid or free) tickets; refunded and cancelled ones are not registrations." }),
        checkedIn: count,
        noShow: count.nullable().meta({ description: "registered − checkedIn once the event has ended; null before." }),
      }),
    ),
  })
  .meta({ description: "Per event starting in the period (with eventId: that event whatever the period)." });

export const PaymentsReportSchema = z
  .object({
    ...periodFields,
    totals: z.object({ payments: count, failures: count, refunds: count, disputes: count }),
    currencies: z.array(
      z.object({
        currency: z.string().length(3),
        payments: count.meta({ description: "Payments that went through (checkouts, invoices, memberships)." }),
        paidMinor: minor("Their amount"),
        failures: count.meta({ description: "Payment attempts that failed." }),
        refunds: count,
        refundedMinor: minor("Refunded"),
        disputes: count,
        disputedMinor: minor("Disputed"),
      }),
    ),
    declines: z
      .array(z.object({ reason: z.string().meta({ description: "The issuer's decline code, or the provider's error code when there was none." }), failures: count }))
      .meta({ description: "Failed attempts per decline code, most frequent first." }),
  })
  .meta({ description: "What the payment providers reported in the period, by the day it happened at the provider (with eventId: only what belongs to that event's orders)." });

function period(scope: ReportScope) {
  return { from: scope.period.from, to: scope.period.to, timeZone: "UTC" as const, eventId: scope.event?.id ?? null };
}

export async function salesFor(db: Db, orgId: string, q: ReportQuery): Promise<z.input<typeof SalesReportSchema>> {
  const scope = await reportScope(db, orgId, q);
  return { ...period(scope), ...(await salesReport(db, scope)) };
}

export async function revenueFor(db: Db, orgId: string, q: ReportQuery): Promise<z.input<typeof RevenueReportSchema>> {
  const scope = await reportScope(db, orgId, q);
  return { ...period(scope), ...(await revenueReport(db, scope)) };
}

export async function paymentsFor(db: Db, orgId: string, q: ReportQuery): Promise<z.input<typeof PaymentsReportSchema>> {
  const scope = await reportScope(db, orgId, q);
  return { ...period(scope), ...(await paymentsReport(db, scope)) };
}

export async function attendanceFor(db: Db, orgId: string, q: ReportQuery): Promise<z.input<typeof AttendanceReportSchema>> {
  const scope = await reportScope(db, orgId, q);
  return { ...period(scope), ...(await attendanceReport(db, scope)) };
}
