import Link from "next/link";
import type { EndpointHealth } from "@/lib/health/endpoints";
import { utcTime } from "./format";
import { StatusCell } from "./status-cell";
import { RateCells, TableFrame } from "./table-frame";

export function EndpointsTable({ rows, windowLabel }: { rows: EndpointHealth[]; windowLabel: string }) {
  return (
    <TableFrame label="Webhook endpoints" headers={["Endpoint", "Status", "Last delivery", `Attempts (${windowLabel})`, "Error rate", "Latency p50 / p95", "Rate limit", "Messages waiting"]}>
      {rows.map((e) => (
        <tr key={e.id} className="border-t border-slate-100 align-top" data-testid="health-endpoint">
          <th scope="row" className="max-w-xs px-3 py-2 text-left font-medium">
            <Link href={e.href} className="break-all text-brand-700 underline">{e.url}</Link>
            <span className="block text-xs font-normal text-slate-500">{e.source === "zapier" ? "Zapier" : e.description || "Endpoint"}</span>
          </th>
          <td className="py-2 pr-3"><StatusCell verdict={e.verdict} /></td>
          <td className="py-2 pr-3">{utcTime(e.lastSuccessAt)}</td>
          <td className="py-2 pr-3">{e.rates.calls}</td>
          <RateCells rates={e.rates} />
          <td className="py-2 pr-3">{e.rateLimitPerSecond ? `${e.rateLimitPerSecond}/s` : <span className="text-slate-500">None</span>}</td>
          <td className="py-2 pr-3">{e.messagesWaiting}</td>
        </tr>
      ))}
    </TableFrame>
  );
}
