// Payment analytics: what the payment providers reported over a period (payments
// and their amounts per currency, failed attempts by decline code, refunds,
// disputes), from the outcomes their callbacks recorded (lib/payments/outcomes).
// Counted by when each happened at the provider, not by when its order was sold:
// this is the payment desk's view, beside revenue's view of the period's sales.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { int, type ReportScope } from "./scope";

export interface PaymentsByCurrency {
  currency: string;
  payments: number;
  paidMinor: number;
  failures: number;
  refunds: number;
  refundedMinor: number;
  disputes: number;
  disputedMinor: number;
}

export interface DeclineCount {
  /** The issuer's decline code, or the provider's error code when there was none. */
  reason: string;
  failures: number;
}

export interface PaymentsReport {
  totals: { payments: number; failures: number; refunds: number; disputes: number };
  currencies: PaymentsByCurrency[];
  declines: DeclineCount[];
}

/** What the figures cover: an organization, a time range, optionally one event (through the outcomes' orders). */
export interface PaymentsRange {
  orgId: string;
  start: Date;
  end: Date;
  eventId?: string | null;
}

export function paymentsRange(scope: ReportScope): PaymentsRange {
  return { orgId: scope.orgId, start: scope.period.start, end: scope.period.end, eventId: scope.event?.id ?? null };
}

function outcomes(db: Db, range: PaymentsRange) {
  let q = db
    .selectFrom("payment_outcomes as p")
    .where("p.org_id", "=", range.orgId)
    .where("p.occurred_at", ">=", range.start)
    .where("p.occurred_at", "<", range.end);
  if (range.eventId) q = q.where("p.order_id", "in", db.selectFrom("orders").select("orders.id").where("orders.event_id", "=", range.eventId));
  return q;
}

export async function paymentFigures(db: Db, range: PaymentsRange): Promise<PaymentsReport> {
  const [byCurrency, declines] = await Promise.all([
    outcomes(db, range)
      .select(["p.currency", "p.kind", sql<string>`count(*)`.as("n"), sql<string>`sum(p.amount_minor)`.as("amount")])
      .groupBy(["p.currency", "p.kind"])
      .execute(),
    outcomes(db, range)
      .where("p.kind", "=", "failure")
      .select([sql<string>`coalesce(p.reason, 'unknown')`.as("reason"), sql<string>`count(*)`.as("n")])
      .groupBy(sql.ref("reason"))
      .orderBy(sql.ref("n"), "desc")
      .orderBy(sql.ref("reason"))
      .execute(),
  ]);
  const currencies = [...new Set(byCurrency.map((r) => r.currency))].sort().map((currency) => {
    const of = (kind: string) => byCurrency.find((r) => r.currency === currency && r.kind === kind);
    return {
      currency,
      payments: int(of("payment")?.n ?? null),
      paidMinor: int(of("payment")?.amount ?? null),
      failures: int(of("failure")?.n ?? null),
      refunds: int(of("refund")?.n ?? null),
      refundedMinor: int(of("refund")?.amount ?? null),
      disputes: int(of("dispute")?.n ?? null),
      disputedMinor: int(of("dispute")?.amount ?? null),
    };
  });
  const sum = (k: "payments" | "failures" | "refunds" | "disputes") => currencies.reduce((n, c) => n + c[k], 0);
  return {
    totals: { payments: sum("payments"), failures: sum("failures"), refunds: sum("refunds"), disputes: sum("disputes") },
    currencies,
    declines: declines.map((d) => ({ reason: d.reason, failures: int(d.n) })),
  };
}

export function paymentsReport(db: Db, scope: ReportScope): Promise<PaymentsReport> {
  return paymentFigures(db, paymentsRange(scope));
}
