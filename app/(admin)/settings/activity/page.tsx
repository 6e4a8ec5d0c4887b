import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listActivity } from "@/lib/jobs/activity";

export const metadata = { title: "Activity" };

export default async function ActivityPage() {
  const member = await requireAdmin();
  const rows = await listActivity(db(), member.orgId);
  return (
    <div>
      <h1 className="text-2xl font-semibold">Activity</h1>
      <p className="mt-1 text-sm text-slate-600">Facts reach this log through the same outbox and worker that feed your integrations.</p>
      {rows.length === 0 ? (
        <p className="mt-6 text-sm text-slate-600">Nothing yet.</p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
          {rows.map((r) => (
            <li key={r.id} className="flex gap-4 px-4 py-2" data-testid="activity-row">
              <code className="w-44 shrink-0 text-brand-700">{r.type}</code>
              <span className="flex-1">{r.summary}</span>
              <time className="text-slate-500" dateTime={r.received_at.toISOString()}>{r.received_at.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
