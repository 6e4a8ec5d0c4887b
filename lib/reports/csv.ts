// A report table as a CSV download (lib/csv/write: RFC 4180, BOM, formula guard).
import { toCsv } from "@/lib/csv/write";
import type { ReportScope } from "./scope";
import type { ReportTable } from "./tables";

export function tableCsv(table: ReportTable): string {
  return toCsv([table.columns, ...table.rows]);
}

/** report-sales-by-day-2030-06-01-to-2030-06-30.csv, with the event's id when there is one. */
export function csvFilename(table: ReportTable, scope: ReportScope): string {
  const event = scope.event ? `-event-${scope.event.id.slice(0, 8)}` : "";
  return `report-${table.id}${event}-${scope.period.from}-to-${scope.period.to}.csv`;
}
