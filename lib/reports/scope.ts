// What one report covers: an organization, a period and, optionally, one of its
// events. Resolved once, so every table of a report answers for the same thing.
import { sql, type SelectQueryBuilder } from "kysely";
import type { Db } from "@/lib/db/client";
import type { Database } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/domain/errors";
import { reportPeriod, utcDay, type Period, type ReportQuery } from "./period";

export interface ReportEvent {
  id: string;
  title: string;
  createdAt: Date;
}

export interface ReportScope {
  orgId: string;
  period: Period;
  event: ReportEvent | null;
}

/**
 * An event of another organization is "not found", like one that does not
 * exist. With an event and no `from`, the period starts the day the event was
 * created, so its report shows all its sales.
 */
export async function reportScope(db: Db, orgId: string, q: ReportQuery, now = new Date()): Promise<ReportScope> {
  let event: ReportEvent | null = null;
  if (q.eventId) {
    const row = await db.selectFrom("events").select(["id", "title", "created_at"]).where("id", "=", q.eventId).where("org_id", "=", orgId).executeTakeFirst();
    if (!row) throw new NotFoundError("Event");
    event = { id: row.id, title: row.title, createdAt: row.created_at };
  }
  const period = reportPeriod(q, { now, defaultFrom: event ? utcDay(event.createdAt) : undefined });
  return { orgId, period, event };
}

/**
 * When an order counts as sold: when it was paid, or, for a free registration
 * (settled at once, never "paid" by anyone), when it was made. The same
 * expression is indexed (orders_report_counted_idx), so it must stay word for word.
 */
export const soldAt = sql<Date>`coalesce(orders.paid_at, orders.created_at)`;

/**
 * The orders a report counts: settled (paid, or refunded since) and sold within
 * the period, of the organization and, when one is chosen, the event. A free
 * registration whose every ticket was cancelled becomes a cancelled order and still
 * counts: it was registered, like a refunded order was sold. A cancelled order with
 * a price is a checkout that expired unpaid; it never took money, nor did a pending one.
 */
export function soldOrders(db: Db, scope: ReportScope): SelectQueryBuilder<Database, "orders", object> {
  let q = db
    .selectFrom("orders")
    .where("orders.org_id", "=", scope.orgId)
    // Literals, not parameters: the partial index's predicate must be provable from the query.
    .where(sql<boolean>`(orders.status in ('paid', 'refunded') or (orders.status = 'cancelled' and orders.total_minor = 0))`)
    .where(soldAt, ">=", scope.period.start)
    .where(soldAt, "<", scope.period.end);
  if (scope.event) q = q.where("orders.event_id", "=", scope.event.id);
  return q;
}

/** Postgres counts and sums in bigint, which pg hands over as text. */
export function int(value: string | number | bigint | null): number {
  return value === null ? 0 : Number(value);
}
