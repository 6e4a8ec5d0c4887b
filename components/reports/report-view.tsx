// A report: the headline figures, then revenue, sales and attendance, each as a
// chart and as the tables the CSV exports hold.
import type { Reports } from "@/lib/reports/load";
import { formatAmount } from "@/lib/reports/amounts";
import {
  attendanceTable,
  paymentFailuresTable,
  paymentsByCurrencyTable,
  revenueByCurrencyTable,
  revenueByDayTable,
  salesByDayTable,
  salesByTicketTypeTable,
  type ReportTable,
} from "@/lib/reports/tables";
import { PaymentFigures } from "./payments-section";
import { BarsChart } from "./bars-chart";
import { ReportTableView } from "./report-table";
import { RevenueChart } from "./revenue-chart";

/** The headline figures of one part: [label, value, test id]. */
function Figures({ label, items }: { label: string; items: Array<[string, string | number, string]> }) {
  return (
    <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label={label}>
      {items.map(([name, value, testId]) => (
        <div key={testId} className="rounded-lg border border-slate-200 bg-white px-4 py-3">
          <dt className="text-xs text-slate-600">{name}</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ReportView({ reports, query }: { reports: Reports; query: string }) {
  const { sales, revenue, attendance, payments } = reports;
  const table = (t: ReportTable) => <ReportTableView table={t} csvHref={`/reports/csv/${t.id}?${query}`} />;
  return (
    <div className="mt-6 space-y-10">
      <section aria-labelledby="revenue-heading">
        <h2 id="revenue-heading" className="text-lg font-semibold">Revenue</h2>
        <p className="mt-1 text-sm text-slate-600">Refunds count against the day their order was sold, so net is what the period&apos;s sales finally brought in.</p>
        {revenue.currencies.map((c) => (
          <div key={c.currency}>
            <Figures
              label={`Revenue in ${c.currency}`}
              items={[
                [`Gross (${c.currency})`, formatAmount(c.grossMinor, c.currency), `gross-${c.currency}`],
                [`Refunded (${c.currency})`, formatAmount(c.refundedMinor, c.currency), `refunded-${c.currency}`],
                [`Net (${c.currency})`, formatAmount(c.netMinor, c.currency), `net-${c.currency}`],
                ["Orders", c.orders, `orders-${c.currency}`],
              ]}
            />
            <RevenueChart currency={c.currency} days={revenue.days.filter((d) => d.currency === c.currency)} />
          </div>
        ))}
        {table(revenueByCurrencyTable(revenue))}
        {table(revenueByDayTable(revenue))}
      </section>

      <section aria-labelledby="sales-heading">
        <h2 id="sales-heading" className="text-lg font-semibold">Sales</h2>
        <Figures
          label="Sales"
          items={[
            ["Orders", sales.totals.orders, "sales-orders"],
            ["Tickets sold", sales.totals.tickets, "sales-tickets"],
            ["Refunded tickets", sales.totals.refundedTickets, "sales-refunded"],
            ["Cancelled tickets", sales.totals.cancelledTickets, "sales-cancelled"],
          ]}
        />
        <BarsChart
          label="Tickets sold and refunded per day (UTC); the numbers are in the tables below"
          data={sales.days}
          xKey="day"
          xLabel="Day (UTC)"
          yLabel="Tickets"
          bars={[
            { key: "tickets", name: "Tickets sold", fill: "solid" },
            { key: "refundedTickets", name: "Refunded (striped)", fill: "diagonal" },
          ]}
        />
        {table(salesByDayTable(sales))}
        {table(salesByTicketTypeTable(sales))}
      </section>

      <section aria-labelledby="payments-heading">
        <h2 id="payments-heading" className="text-lg font-semibold">Payments</h2>
        <p className="mt-1 text-sm text-slate-600">What the payment providers reported, by the day it happened there: payments (memberships and invoices included), failed attempts, refunds and disputes.</p>
        <PaymentFigures payments={payments} />
        {table(paymentsByCurrencyTable(payments))}
        {table(paymentFailuresTable(payments))}
      </section>

      <section aria-labelledby="attendance-heading">
        <h2 id="attendance-heading" className="text-lg font-semibold">Attendance</h2>
        <Figures
          label="Attendance"
          items={[
            ["Registered", attendance.totals.registered, "attendance-registered"],
            ["Checked in", attendance.totals.checkedIn, "attendance-checked-in"],
            ["No-shows (ended events)", attendance.totals.noShow, "attendance-no-show"],
          ]}
        />
        {attendance.events.length ? (
          <BarsChart
            label="Registered, checked in and no-shows per event; the numbers are in the table below"
            data={attendance.events}
            xKey="title"
            xLabel="Event"
            yLabel="People"
            bars={[
              { key: "registered", name: "Registered", fill: "solid" },
              { key: "checkedIn", name: "Checked in (cross-hatched)", fill: "crosshatch" },
              { key: "noShow", name: "No-show (striped)", fill: "diagonal" },
            ]}
          />
        ) : null}
        {table(attendanceTable(attendance))}
      </section>
    </div>
  );
}
