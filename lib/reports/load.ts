// Everything a report page shows, for one scope.
import type { Db } from "@/lib/db/client";
import { attendanceReport } from "./attendance";
import { revenueReport } from "./revenue";
import { salesReport } from "./sales";
import type { ReportScope } from "./scope";

export async function loadReports(db: Db, scope: ReportScope) {
  const [sales, revenue, attendance] = await Promise.all([salesReport(db, scope), revenueReport(db, scope), attendanceReport(db, scope)]);
  return { sales, revenue, attendance };
}

export type Reports = Awaited<ReturnType<typeof loadReports>>;
