// A report: the headline figures, then revenue, sales and attendance, each as a
// chart and as the tables the CSV exports hold.
import type { Reports } from "@/lib/reports/load";
import { formatAmount } from "@/lib/reports/amounts";
import { attendanceTable, revenueByCurrencyTable, revenueByDayTable, salesByDayTable, salesByTicketTypeTable, type ReportTable } from "@/lib/reports/tables";
import { AttendanceChart } from "./attendance-chart";
import { ReportTableView } from "./report-table";
import { RevenueChart } from "./revenue-chart";
import { SalesChart } from "./sales-chart";

function Figure({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums" data-testid={testId}>{value}</dd>
    </div>
  );
}

export function ReportView({ reports, query }: { reports: Reports; query: string }) {
  const { sales, revenue, attendance } = reports;
  const table = (t: ReportTable) => <ReportTableView table={t} csvHref={`/reports/csv/${t.id}?${query}`} />;
  return (
    <div className="mt-6 space-y-10">
      <section aria-labelledby="revenue-heading">
        <h2 id="revenue-heading" className="text-lg font-semibold">Revenue</h2>
        <p className="mt-1 text-sm text-slate-600">Refunds count against the day their order was sold, so net is what the period&apos;s sales finally brought in.</p>
        {revenue.currencies.map((c) => (
          <div key={c.currency} className="mt-4">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label={`Revenue in ${c.currency}`}>
              <Figure label={`Gross (${c.currency})`} value={formatAmount(c.grossMinor, c.currency)} testId={`gross-${c.currency}`} />
              <Figure label={`Refunded (${c.currency})`} value={formatAmount(c.refundedMinor, c.currency)} testId={`refunded-${c.currency}`} />
              <Figure label={`Net (${c.currency})`} value={formatAmount(c.netMinor, c.currency)} testId={`net-${c.currency}`} />
              <Figure label="Orders" value={c.orders} testId={`orders-${c.currency}`} />
            </dl>
            <RevenueChart currency={c.currency} days={revenue.days.filter((d) => d.currency === c.currency)} />
          </div>
        ))}
        {table(revenueByCurrencyTable(revenue))}
        {table(revenueByDayTable(revenue))}
      </section>

      <section aria-labelledby="sales-heading">
        <h2 id="sales-heading" className="text-lg font-semibold">Sales</h2>
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Sales">
          <Figure label="Orders" value={sales.totals.orders} testId="sales-orders" />
          <Figure label="Tickets sold" value={sales.totals.tickets} testId="sales-tickets" />
          <Figure label="Refunded tickets" value={sales.totals.refundedTickets} testId="sales-refunded" />
          <Figure label="Cancelled tickets" value={sales.totals.cancelledTickets} testId="sales-cancelled" />
        </dl>
        <SalesChart days={sales.days} />
        {table(salesByDayTable(sales))}
        {table(salesByTicketTypeTable(sales))}
      </section>

      <section aria-labelledby="attendance-heading">
        <h2 id="attendance-heading" className="text-lg font-semibold">Attendance</h2>
        <dl className="mt-4 grid grid-cols-3 gap-3" aria-label="Attendance">
          <Figure label="Registered" value={attendance.totals.registered} testId="attendance-registered" />
          <Figure label="Checked in" value={attendance.totals.checkedIn} testId="attendance-checked-in" />
          <Figure label="No-shows (ended events)" value={attendance.totals.noShow} testId="attendance-no-show" />
        </dl>
        {attendance.events.length ? <AttendanceChart events={attendance.events} /> : null}
        {table(attendanceTable(attendance))}
      </section>
    </div>
  );
}
