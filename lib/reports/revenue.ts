// Revenue by currency: gross (what the period's orders were paid), refunded (what
// has been given back on those orders since, partial refunds included) and net.
// Integer minor units, summed in Postgres; currencies are never added together.
//
// Refunds count against the order they refund, on the day it was sold: the
// period's net is what its sales finally brought in. (Orders keep the refunded
// total, not when each refund happened, so a cash-flow view by refund day would
// rest on the outbox's facts, which retention prunes.)
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { daysOf } from "./period";
import { int, soldAt, soldOrders, type ReportScope } from "./scope";

export interface Amounts {
  grossMinor: number;
  refundedMinor: number;
  netMinor: number;
}

export interface RevenueByCurrency extends Amounts {
  currency: string;
  /** Settled orders in this currency, free registrations included. */
  orders: number;
}

export interface RevenueDay extends Amounts {
  day: string;
  currency: string;
  orders: number;
}

export interface RevenueReport {
  currencies: RevenueByCurrency[];
  /** Every day of the period for each currency in `currencies`. */
  days: RevenueDay[];
}

function amounts(grossMinor: number, refundedMinor: number): Amounts {
  return { grossMinor, refundedMinor, netMinor: grossMinor - refundedMinor };
}

export async function revenueReport(db: Db, scope: ReportScope): Promise<RevenueReport> {
  const rows = await soldOrders(db, scope)
    .select([
      sql<string>`to_char(${soldAt} at time zone 'UTC', 'YYYY-MM-DD')`.as("day"),
      "orders.currency",
      sql<string>`count(*)`.as("orders"),
      sql<string>`sum(orders.total_minor)`.as("gross"),
      sql<string>`sum(orders.refunded_minor)`.as("refunded"),
    ])
    .groupBy([sql.ref("day"), "orders.currency"])
    .execute();

  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const days = daysOf(scope.period);
  const cell = new Map(rows.map((r) => [`${r.currency} ${r.day}`, r]));
  return {
    currencies: currencies.map((currency) => {
      const mine = rows.filter((r) => r.currency === currency);
      const total = (k: "orders" | "gross" | "refunded") => mine.reduce((n, r) => n + int(r[k]), 0);
      return { currency, orders: total("orders"), ...amounts(total("gross"), total("refunded")) };
    }),
    days: currencies.flatMap((currency) =>
      days.map((day) => {
        const r = cell.get(`${currency} ${day}`);
        return { day, currency, orders: int(r?.orders ?? null), ...amounts(int(r?.gross ?? null), int(r?.refunded ?? null)) };
      }),
    ),
  };
}
