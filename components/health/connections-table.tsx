import Link from "next/link";
import type { ConnectionHealth } from "@/lib/health/connections";
import { breakerText } from "@/components/integrations/health";
import { utcTime } from "./format";
import { StatusCell } from "./status-cell";
import { RateCells, TableFrame } from "./table-frame";

function RateLimit({ limit }: { limit: ConnectionHealth["rateLimit"] }) {
  if (!limit) return <span className="text-slate-500">No quota declared</span>;
  const share = Math.round((limit.inUse / limit.capacity) * 100);
  return (
    <span>
      {Math.round(limit.inUse)} of {limit.capacity} in use ({share}%)
      <span className="block text-xs text-slate-500">refills {limit.refillPerSecond}/s</span>
    </span>
  );
}

function Expiry({ c }: { c: ConnectionHealth }) {
  if (!c.tokenExpiresAt && !c.grantEndsAt) return <span className="text-slate-500">Does not expire</span>;
  return (
    <span>
      {c.tokenExpiresAt ? <span className="block">Access token: {utcTime(c.tokenExpiresAt)}</span> : null}
      {c.grantEndsAt ? <span className="block">Authorization: {utcTime(c.grantEndsAt)}</span> : null}
    </span>
  );
}

export function ConnectionsTable({ rows, windowLabel }: { rows: ConnectionHealth[]; windowLabel: string }) {
  return (
    <TableFrame label="Connections" headers={["Connection", "Status", "Last successful call", `Calls (${windowLabel})`, "Error rate", "Latency p50 / p95", "Circuit breaker", "Rate limit", "Deliveries waiting", "Token expiry"]}>
      {rows.map((c) => (
        <tr key={c.id} className="border-t border-slate-100 align-top" data-testid="health-connection">
          <th scope="row" className="px-3 py-2 text-left font-medium">
            <Link href={c.href} className="text-brand-700 underline" aria-label={`${c.name}: errors in the call log`}>{c.name}</Link>
            <span className="block text-xs font-normal text-slate-500">{c.mode === "sandbox" ? "Sandbox" : "Live"}</span>
          </th>
          <td className="py-2 pr-3"><StatusCell verdict={c.verdict} /></td>
          <td className="py-2 pr-3">{utcTime(c.lastSuccessAt)}</td>
          <td className="py-2 pr-3">
            {c.rates.calls}
            {c.rates.rejected ? <span className="block text-xs text-slate-500">{c.rates.rejected} refused</span> : null}
          </td>
          <RateCells rates={c.rates} />
          <td className="py-2 pr-3" data-testid="breaker-state">
            {breakerText[c.breaker.state] ?? c.breaker.state}
            {c.breaker.reopensAt ? <span className="block text-xs text-slate-500">Test call after {utcTime(c.breaker.reopensAt, { seconds: true })}</span> : null}
          </td>
          <td className="py-2 pr-3"><RateLimit limit={c.rateLimit} /></td>
          <td className="py-2 pr-3">{c.deliveriesWaiting}</td>
          <td className="py-2 pr-3"><Expiry c={c} /></td>
        </tr>
      ))}
    </TableFrame>
  );
}
