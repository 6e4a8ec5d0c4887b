// The alert log: an organization's incidents, open first in time order as they
// happened (newest first), each with what was sent when it opened and resolved.
// A server component: the Health page embeds it as the settings page does.
import { db } from "@/lib/db/client";
import { describeNotice, listIncidents } from "@/lib/alerts/log";

const when = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;

export async function AlertLog({ orgId, limit }: { orgId: string; limit?: number }) {
  const incidents = await listIncidents(db(), orgId, limit);
  if (incidents.length === 0) return <p className="text-sm text-slate-600">No alerts yet: nothing has needed attention.</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" aria-label="Alert log">
      {incidents.map((i) => (
        <li key={i.id} className="space-y-1 px-4 py-3" data-testid="alert-incident">
          <div className="flex items-start gap-3">
            {i.resolved_at ? (
              <span className="shrink-0 rounded bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">Resolved</span>
            ) : (
              <span className="shrink-0 rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">Open</span>
            )}
            <span className="flex-1 font-medium">{i.title}</span>
            <code className="shrink-0 text-xs text-slate-500">{i.kind}</code>
          </div>
          <p className="text-slate-700">{i.detail}</p>
          <p className="text-slate-600">
            Opened <time dateTime={i.opened_at.toISOString()}>{when(i.opened_at)}</time>: {describeNotice(i.opened_notice)}
          </p>
          {i.resolved_at ? (
            <p className="text-slate-600">
              Resolved <time dateTime={i.resolved_at.toISOString()}>{when(i.resolved_at)}</time>: {describeNotice(i.resolved_notice)}
            </p>
          ) : (
            <p className="text-slate-600">Still seen at {when(i.last_seen_at)}.</p>
          )}
        </li>
      ))}
    </ul>
  );
}
