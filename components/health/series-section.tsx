// One kind of traffic (provider calls, webhook deliveries) over the chosen window:
// its counts and its p95 latency as charts, a sentence with the totals, and the
// numbers per bucket as a table for whoever cannot or would rather not read a chart.
import type { BucketRates } from "@/lib/db/outcome-rates";
import type { HealthWindow } from "@/lib/health/windows";
import { HealthChart, type ChartPoint } from "./health-chart";
import { ms } from "./format";

const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: "UTC" });

function bucketLabel(d: Date, window: HealthWindow): string {
  const hour = d.toISOString().slice(11, 16);
  return window === "24h" ? hour : `${weekday.format(d)} ${hour}`;
}

export function SeriesSection({ id, title, noun, points, window, windowLabel }: { id: string; title: string; noun: { one: string; many: string; failed: string }; points: BucketRates[]; window: HealthWindow; windowLabel: string }) {
  const data: ChartPoint[] = points.map((p) => ({ label: bucketLabel(p.start, window), calls: p.calls, failures: p.failures, p95: p.p95Ms === null ? null : Math.round(p.p95Ms) }));
  const calls = points.reduce((n, p) => n + p.calls, 0);
  const failures = points.reduce((n, p) => n + p.failures, 0);
  const Many = noun.many[0]!.toUpperCase() + noun.many.slice(1);
  const worstP95 = points.reduce<number | null>((m, p) => (p.p95Ms === null ? m : Math.max(m ?? 0, p.p95Ms)), null);
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      <p className="text-sm text-slate-700" data-testid={`${id}-summary`}>
        Last {windowLabel}: {calls} {calls === 1 ? noun.one : noun.many}, {failures} {noun.failed}
        {calls ? ` (${((failures / calls) * 100).toFixed(1)}%)` : ""}; highest p95 latency in one period {ms(worstP95)}.
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <figure aria-label={`${title}: ${noun.many} and errors per period`}>
          <figcaption className="text-sm font-medium text-slate-700">{Many} and errors</figcaption>
          <HealthChart
            title={`${title}: ${noun.many} and errors`}
            yLabel="Count"
            points={data}
            lines={[
              { key: "calls", name: Many, color: "#1d4ed8", marker: "circle" },
              { key: "failures", name: "Errors", color: "#b91c1c", dash: "6 4", marker: "square" },
            ]}
          />
        </figure>
        <figure aria-label={`${title}: p95 latency per period`}>
          <figcaption className="text-sm font-medium text-slate-700">p95 latency</figcaption>
          <HealthChart title={`${title}: p95 latency`} yLabel="Milliseconds" points={data} lines={[{ key: "p95", name: "p95 latency (ms)", color: "#7c3aed", dash: "2 3", marker: "triangle" }]} />
        </figure>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-brand-700">The numbers behind these charts</summary>
        <table className="mt-2 w-full max-w-xl" aria-label={`${title} per period`}>
          <thead className="text-left text-slate-600">
            <tr><th scope="col" className="pr-3">Period from (UTC)</th><th scope="col" className="pr-3">{Many}</th><th scope="col" className="pr-3">Errors</th><th scope="col">p95 latency</th></tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.start.toISOString()} className="border-t border-slate-100">
                <td className="pr-3">{p.start.toISOString().slice(0, 16).replace("T", " ")}</td>
                <td className="pr-3">{p.calls}</td>
                <td className="pr-3">{p.failures}</td>
                <td>{ms(p.p95Ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
