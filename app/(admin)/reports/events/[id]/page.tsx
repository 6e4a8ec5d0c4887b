import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { loadReports } from "@/lib/reports/load";
import { pageScope, scopeQuery } from "@/lib/reports/page-scope";
import { PeriodForm } from "@/components/reports/period-form";
import { ReportView } from "@/components/reports/report-view";

export const metadata = { title: "Event report" };

export default async function EventReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireAdmin();
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const { scope, errors } = await pageScope(db(), member.orgId, await searchParams, id).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const reports = await loadReports(db(), scope);
  return (
    <div>
      <p className="text-sm"><Link href={`/events/${id}`} className="text-brand-700 underline">Back to the event</Link></p>
      <h1 className="mt-2 text-2xl font-semibold">Report: {scope.event?.title}</h1>
      <p className="mt-1 text-sm text-slate-600">Sales and revenue by the day each order was paid, from the day the event was created unless you choose a period. Days are UTC days.</p>
      <PeriodForm period={scope.period} errors={errors} />
      <ReportView reports={reports} query={scopeQuery(scope)} />
    </div>
  );
}
