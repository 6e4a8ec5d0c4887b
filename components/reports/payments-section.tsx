// Payment analytics: what the payment providers reported over the period, per
// currency, and why attempts failed. Shown on the reports page (with its CSV
// tables) and, as figures only, on the Health page.
import type { PaymentsReport } from "@/lib/reports/payments";
import { formatAmount } from "@/lib/reports/amounts";

/** Headline figures per currency: [label, value, test id]. */
export function PaymentFigures({ payments, idPrefix = "payments" }: { payments: PaymentsReport; idPrefix?: string }) {
  if (payments.currencies.length === 0) return <p className="mt-2 text-sm text-slate-600">No payments, failed attempts, refunds or disputes were reported in this period.</p>;
  return (
    <>
      {payments.currencies.map((c) => (
        <dl key={c.currency} className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label={`Payments in ${c.currency}`}>
          {(
            [
              [`Payments (${c.currency})`, `${c.payments} · ${formatAmount(c.paidMinor, c.currency)}`, `${idPrefix}-paid-${c.currency}`],
              ["Failed attempts", c.failures, `${idPrefix}-failed-${c.currency}`],
              ["Refunds", `${c.refunds} · ${formatAmount(c.refundedMinor, c.currency)}`, `${idPrefix}-refunded-${c.currency}`],
              ["Disputes", `${c.disputes} · ${formatAmount(c.disputedMinor, c.currency)}`, `${idPrefix}-disputed-${c.currency}`],
            ] as Array<[string, string | number, string]>
          ).map(([name, value, testId]) => (
            <div key={testId} className="rounded-lg border border-slate-200 bg-white px-4 py-3">
              <dt className="text-xs text-slate-600">{name}</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid={testId}>{value}</dd>
            </div>
          ))}
        </dl>
      ))}
      {payments.declines.length ? (
        <p className="mt-3 text-sm text-slate-700" data-testid={`${idPrefix}-declines`}>
          Failed attempts by decline code: {payments.declines.map((d) => `${d.reason} (${d.failures})`).join(", ")}.
        </p>
      ) : null}
    </>
  );
}
