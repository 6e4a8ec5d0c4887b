// Everything a report page shows, for one scope.
import type { Db } from "@/lib/db/client";
import { attendanceReport } from "./attendance";
import { paymentsReport } from "./payments";
import { revenueReport } from "./revenue";
import { salesReport } from "./sales";
import type { ReportScope } from "./scope";

export async function loadReports(db: Db, scope: ReportScope) {
  const [sales, revenue, attendance, payments] = await Promise.all([salesReport(db, scope), revenueReport(db, scope), attendanceReport(db, scope), paymentsReport(db, scope)]);
  return { sales, revenue, attendance, payments };
}

export type Reports = Awaited<ReturnType<typeof loadReports>>;
