import Link from "next/link";
import type { HealthSummary } from "@/lib/health/overview";

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The counts a person scans first, in one line: what needs attention, or that all is well. */
export function summaryText(s: HealthSummary): string {
  if (s.connections + s.endpoints === 0) return "Nothing connected yet";
  const parts: string[] = [];
  if (s.needAttention) parts.push(`${s.needAttention} ${s.needAttention === 1 ? "needs" : "need"} attention`);
  if (s.degraded) parts.push(`${s.degraded} degraded`);
  if (s.breakersOpen) parts.push(`${count(s.breakersOpen, "breaker", "breakers")} open`);
  if (s.deliveriesFailing) parts.push(`${count(s.deliveriesFailing, "delivery", "deliveries")} failing`);
  if (parts.length === 0) return `All healthy: ${count(s.connections, "connection", "connections")}, ${count(s.endpoints, "endpoint", "endpoints")}`;
  return parts.join(" · ");
}

/** `linked`: ends with a link to the Health page (on the catalog), not on the Health page itself. */
export function HealthSummaryLine({ summary, linked = true }: { summary: HealthSummary; linked?: boolean }) {
  const trouble = summary.needAttention + summary.degraded + summary.breakersOpen + summary.deliveriesFailing > 0;
  return (
    <p className={`rounded-lg border px-4 py-3 text-sm ${trouble ? "border-amber-300 bg-amber-50 text-amber-900" : "border-slate-200 bg-white text-slate-700"}`} data-testid="health-summary">
      <span aria-hidden="true" className="mr-1">{trouble ? "▲" : "✓"}</span>
      {summaryText(summary)}
      {linked ? (
        <>
          {" · "}
          <Link href="/settings/health" className="font-medium text-brand-700 underline">Open Health</Link>
        </>
      ) : null}
    </p>
  );
}
