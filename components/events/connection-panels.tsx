// Each connected service's box on an event's admin page (a hackathon's repository
// and its pushes), from the connectors' eventViews capability.
import type { ConnectionEventViews } from "@/lib/integrations/event-views";

export function ConnectionPanels({ panels }: { panels: ConnectionEventViews["panels"] }) {
  if (!panels.length) return null;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {panels.map((p) => (
        <section key={p.connectorId} aria-labelledby={`panel-${p.connectorId}`} className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid={`panel-${p.connectorId}`}>
          <h2 id={`panel-${p.connectorId}`} className="font-semibold">{p.title}</h2>
          {p.link ? <a className="text-blue-700 underline" href={p.link.href}>{p.link.label}</a> : null}
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {p.rows.map((r) => (
              <div key={r.label} className="contents">
                <dt className="text-slate-600">{r.label}</dt>
                <dd>{r.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
