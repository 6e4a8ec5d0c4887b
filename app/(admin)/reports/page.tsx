import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { loadReports } from "@/lib/reports/load";
import { pageScope, reportableEvents, scopeQuery } from "@/lib/reports/page-scope";
import { PeriodForm } from "@/components/reports/period-form";
import { ReportView } from "@/components/reports/report-view";

export const metadata = { title: "Reports" };

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireAdmin();
  const [{ scope, errors }, events] = await Promise.all([
    // An eventId that is not one of the organization's events names nothing here.
    pageScope(db(), member.orgId, await searchParams).catch((err) => {
      if (err instanceof NotFoundError) notFound();
      throw err;
    }),
    reportableEvents(db(), member.orgId),
  ]);
  const reports = await loadReports(db(), scope);
  return (
    <div>
      <h1 className="text-2xl font-semibold">Reports</h1>
      <p className="mt-1 text-sm text-slate-600">
        {scope.event ? `${scope.event.title}: ` : "All events: "}sales and revenue by the day each order was paid, attendance of the events starting in the period. Days are UTC days.
      </p>
      <PeriodForm period={scope.period} errors={errors} events={events} eventId={scope.event?.id} />
      <ReportView reports={reports} query={scopeQuery(scope)} />
    </div>
  );
}
