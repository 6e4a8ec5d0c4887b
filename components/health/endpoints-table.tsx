import Link from "next/link";
import type { EndpointHealth } from "@/lib/health/endpoints";
import { dash, ms, percent, utcTime } from "./format";
import { StatusCell } from "./status-cell";

export function EndpointsTable({ rows, windowLabel }: { rows: EndpointHealth[]; windowLabel: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm" aria-label="Webhook endpoints">
        <thead className="text-left text-slate-600">
          <tr className="align-bottom">
            <th scope="col" className="px-3 py-2">Endpoint</th>
            <th scope="col" className="pr-3">Status</th>
            <th scope="col" className="pr-3">Last delivery</th>
            <th scope="col" className="pr-3">Attempts ({windowLabel})</th>
            <th scope="col" className="pr-3">Error rate</th>
            <th scope="col" className="pr-3">Latency p50 / p95</th>
            <th scope="col" className="pr-3">Rate limit</th>
            <th scope="col" className="pr-3">Messages waiting</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} className="border-t border-slate-100 align-top" data-testid="health-endpoint">
              <th scope="row" className="max-w-xs px-3 py-2 text-left font-medium">
                <Link href={e.href} className="break-all text-brand-700 underline">{e.url}</Link>
                <span className="block text-xs font-normal text-slate-500">{e.source === "zapier" ? "Zapier" : e.description || "Endpoint"}</span>
              </th>
              <td className="py-2 pr-3"><StatusCell verdict={e.verdict} /></td>
              <td className="py-2 pr-3">{utcTime(e.lastSuccessAt)}</td>
              <td className="py-2 pr-3">{e.rates.calls}</td>
              <td className="py-2 pr-3">{percent(e.rates.errorRate, e.rates.calls)}{e.rates.calls ? <span className="block text-xs text-slate-500">{e.rates.failures} failed</span> : null}</td>
              <td className="py-2 pr-3">{e.rates.calls ? `${ms(e.rates.p50Ms)} / ${ms(e.rates.p95Ms)}` : dash}</td>
              <td className="py-2 pr-3">{e.rateLimitPerSecond ? `${e.rateLimitPerSecond}/s` : <span className="text-slate-500">None</span>}</td>
              <td className="py-2 pr-3">{e.messagesWaiting}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
