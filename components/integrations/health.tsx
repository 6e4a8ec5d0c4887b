import Link from "next/link";
import type { breakerStatus, callStats, CallLogFilter, recentCalls } from "@/lib/integrations/policy";

interface Props {
  breaker: Awaited<ReturnType<typeof breakerStatus>>;
  stats: Awaited<ReturnType<typeof callStats>>;
  calls: Awaited<ReturnType<typeof recentCalls>>;
  /** Which calls the log shows; the Health page links here with only the errors. */
  log: CallLogFilter;
  allHref: string;
  errorsHref: string;
}

/** The breaker state in words, shared by the connector page and the Health page. */
export const breakerText: Record<string, string> = {
  closed: "Closed: calls flow normally",
  open: "Open: calls are paused after repeated failures",
  half_open: "Half-open: the next call is a probe",
  isolated: "Isolated by an operator",
};

export function Health({ breaker, stats, calls, log, allHref, errorsHref }: Props) {
  return (
    <div className="space-y-4">
      <dl className="grid gap-4 text-sm sm:grid-cols-5">
        <div><dt className="text-slate-500">Calls (24 h)</dt><dd className="text-lg font-semibold">{stats.calls}</dd></div>
        <div><dt className="text-slate-500">Error rate</dt><dd className="text-lg font-semibold">{(stats.errorRate * 100).toFixed(1)}%</dd></div>
        <div><dt className="text-slate-500">p50 latency</dt><dd className="text-lg font-semibold">{stats.p50Ms === null ? "—" : `${Math.round(stats.p50Ms)} ms`}</dd></div>
        <div><dt className="text-slate-500">p95 latency</dt><dd className="text-lg font-semibold">{stats.p95Ms === null ? "—" : `${Math.round(stats.p95Ms)} ms`}</dd></div>
        <div>
          <dt className="text-slate-500">Circuit breaker</dt>
          <dd className="font-medium" data-testid="breaker-state">{breakerText[breaker.state] ?? breaker.state}</dd>
          {breaker.reopensAt ? <dd className="text-xs text-slate-500">Probe after {new Date(breaker.reopensAt).toISOString().slice(11, 19)} UTC</dd> : null}
        </div>
      </dl>
      {log === "errors" ? (
        <p className="text-sm text-slate-700" role="status">
          Showing only calls that failed or were refused. <Link href={allHref} className="text-brand-700 underline">Show all calls</Link>
        </p>
      ) : (
        <p className="text-sm text-slate-700">
          <Link href={errorsHref} className="text-brand-700 underline">Show only failed and refused calls</Link>
        </p>
      )}
      {calls.length ? (
        <table className="w-full text-sm" aria-label={log === "errors" ? "Recent failed and refused calls" : "Recent calls"}>
          <thead className="text-left text-slate-600">
            <tr><th className="py-1 pr-3">Time (UTC)</th><th className="pr-3">Operation</th><th className="pr-3">Outcome</th><th className="pr-3">HTTP</th><th className="pr-3">Latency</th><th className="pr-3">Attempt</th><th>Error</th></tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <tr key={String(c.id)} className="border-t border-slate-100 align-top">
                <td className="py-1 pr-3 whitespace-nowrap">{new Date(c.created_at).toISOString().slice(5, 19).replace("T", " ")}</td>
                <td className="pr-3"><code>{c.operation}</code></td>
                <td className={`pr-3 ${c.outcome === "success" ? "text-emerald-700" : "text-red-700"}`}>{c.outcome}</td>
                <td className="pr-3">{c.http_status ?? "—"}</td>
                <td className="pr-3">{c.latency_ms} ms</td>
                <td className="pr-3">{c.attempt}</td>
                <td className="max-w-xs truncate text-red-700" title={c.error ?? ""}>{c.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600">{log === "errors" ? "No failed or refused calls." : "No calls yet."}</p>
      )}
    </div>
  );
}
