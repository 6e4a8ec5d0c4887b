import type { ReactNode } from "react";
import type { OutcomeRates } from "@/lib/db/outcome-rates";
import { dash, ms, percent } from "./format";

/** The frame both Health tables share: a labelled, horizontally scrolling table with one header row. */
export function TableFrame({ label, headers, children }: { label: string; headers: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm" aria-label={label}>
        <thead className="text-left text-slate-600">
          <tr className="align-bottom">
            {headers.map((h, i) => (
              <th key={h} scope="col" className={i === 0 ? "px-3 py-2" : "pr-3"}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The error rate and latency cells, the same for connections and endpoints. */
export function RateCells({ rates }: { rates: OutcomeRates }) {
  return (
    <>
      <td className="py-2 pr-3" data-testid="error-rate">
        {percent(rates.errorRate, rates.calls)}
        {rates.calls ? <span className="block text-xs text-slate-500">{rates.failures} failed</span> : null}
      </td>
      <td className="py-2 pr-3">{rates.calls ? `${ms(rates.p50Ms)} / ${ms(rates.p95Ms)}` : dash}</td>
    </>
  );
}
