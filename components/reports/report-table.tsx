// One report table with its CSV download: the same rows the file holds.
import type { Cell, ReportTable } from "@/lib/reports/tables";

/** Counts and amounts line up on the right, as in a spreadsheet. */
function numeric(cell: Cell | undefined): boolean {
  return typeof cell === "number" || (typeof cell === "string" && /^-?\d+(\.\d+)?$/.test(cell));
}

export function ReportTableView({ table, csvHref }: { table: ReportTable; csvHref: string }) {
  const headingId = `table-${table.id}`;
  return (
    <section aria-labelledby={headingId} className="mt-4">
      <div className="flex items-baseline justify-between gap-4">
        <h3 id={headingId} className="text-sm font-semibold text-slate-700">{table.title}</h3>
        <a href={csvHref} download className="text-sm text-brand-700 underline">Download {table.title.toLowerCase()} (CSV)</a>
      </div>
      {table.rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Nothing in this period.</p>
      ) : (
        <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid={headingId} aria-labelledby={headingId}>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>{table.columns.map((c, i) => <th key={c} scope="col" className={`px-3 py-2 font-medium ${numeric(table.rows[0]?.[i]) ? "text-right" : ""}`}>{c}</th>)}</tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} className={`px-3 py-1.5 tabular-nums ${numeric(cell) || cell === null ? "text-right" : ""}`}>
                      {cell ?? (
                        <>
                          <span aria-hidden="true">—</span>
                          <span className="sr-only">none: the event has not ended, or was cancelled</span>
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
