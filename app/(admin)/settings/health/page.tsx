import Link from "next/link";
import { AlertLog } from "@/components/alerts/alert-log";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { healthOverview } from "@/lib/health/overview";
import { parseWindow, windows, type HealthWindow } from "@/lib/health/windows";
import { ConnectionsTable } from "@/components/health/connections-table";
import { EndpointsTable } from "@/components/health/endpoints-table";
import { SeriesSection } from "@/components/health/series-section";
import { HealthSummaryLine } from "@/components/health/summary-line";
import { PaymentFigures } from "@/components/reports/payments-section";
import { paymentFigures } from "@/lib/reports/payments";

export const metadata = { title: "Health" };

export default async function HealthPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const member = await requireAdmin();
  const window = parseWindow((await searchParams).window);
  const now = new Date();
  const [overview, payments] = await Promise.all([
    healthOverview(db(), member.orgId, window),
    paymentFigures(db(), { orgId: member.orgId, start: new Date(now.getTime() - windows[window].hours * 3600_000), end: now }),
  ]);
  const label = windows[window].label;
  const nothing = overview.connections.length === 0 && overview.endpoints.length === 0;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Health</h1>
          <p className="mt-1 text-sm text-slate-600">Every connection and webhook endpoint of your organization, over the last {label}.</p>
        </div>
        <nav aria-label="Period" className="flex gap-1 text-sm">
          {(Object.keys(windows) as HealthWindow[]).map((w) => (
            <Link
              key={w}
              href={`/settings/health?window=${w}`}
              aria-current={w === window ? "page" : undefined}
              className={`rounded-md border px-3 py-1 ${w === window ? "border-brand-600 bg-brand-600 font-medium text-white" : "border-slate-300 bg-white text-slate-700 hover:border-brand-600"}`}
            >
              Last {windows[w].label}
            </Link>
          ))}
        </nav>
      </div>

      {nothing ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="text-lg font-semibold">Nothing to watch yet</h2>
          <p className="mt-2 text-sm text-slate-600">
            Connect a service in <Link href="/settings/integrations" className="text-brand-700 underline">Integrations</Link> or add an endpoint in{" "}
            <Link href="/settings/webhooks" className="text-brand-700 underline">Webhooks</Link>; its calls, errors and latency show here.
          </p>
        </div>
      ) : (
        <>
          <HealthSummaryLine summary={overview.summary} linked={false} />
          {overview.connections.length ? (
            <section aria-labelledby="health-connections" className="space-y-2">
              <h2 id="health-connections" className="text-lg font-semibold">Connections</h2>
              <p className="text-sm text-slate-600">A connection&apos;s name opens its call log, showing only the calls that failed or were refused.</p>
              <ConnectionsTable rows={overview.connections} windowLabel={label} />
            </section>
          ) : null}
          {overview.endpoints.length ? (
            <section aria-labelledby="health-endpoints" className="space-y-2">
              <h2 id="health-endpoints" className="text-lg font-semibold">Webhook endpoints</h2>
              <EndpointsTable rows={overview.endpoints} windowLabel={label} />
            </section>
          ) : null}
          {overview.series.calls ? (
            <SeriesSection id="chart-calls" title="Provider calls" noun={{ one: "call", many: "calls", failed: "failed" }} points={overview.series.calls} window={window} windowLabel={label} />
          ) : null}
          {overview.series.deliveries ? (
            <SeriesSection id="chart-deliveries" title="Webhook deliveries" noun={{ one: "delivery attempt", many: "delivery attempts", failed: "failed" }} points={overview.series.deliveries} window={window} windowLabel={label} />
          ) : null}
        </>
      )}

      {payments.currencies.length ? (
        <section aria-labelledby="health-payments" className="space-y-2">
          <div className="flex items-baseline justify-between gap-4">
            <h2 id="health-payments" className="text-lg font-semibold">Payments</h2>
            <Link href="/reports" className="text-sm text-brand-700 underline">
              Payment reports
            </Link>
          </div>
          <p className="text-sm text-slate-600">What the payment providers reported over the last {label}: a rise in failed attempts or disputes shows here first.</p>
          <PaymentFigures payments={payments} idPrefix="health-payments" />
        </section>
      ) : null}

      <section aria-labelledby="health-alerts" className="space-y-3">
        <div className="flex items-baseline justify-between gap-4">
          <h2 id="health-alerts" className="text-lg font-semibold">Alerts</h2>
          <Link href="/settings/alerts" className="text-sm text-brand-700 underline">
            Every alert
          </Link>
        </div>
        <AlertLog orgId={member.orgId} limit={10} />
      </section>
    </div>
  );
}
