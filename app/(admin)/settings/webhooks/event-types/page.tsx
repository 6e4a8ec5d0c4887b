import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { eventTypeCatalog } from "@/lib/webhooks/outbound/catalog";

export const metadata = { title: "Webhook event types" };

export default async function EventTypesPage() {
  await requireAdmin();
  const entries = eventTypeCatalog();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/settings/webhooks" className="text-sm text-brand-700 underline">← Webhooks</Link>
        <h1 className="mt-2 text-2xl font-semibold">Event catalog</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every message body is a JSON object <code>{"{type, timestamp, data}"}</code>: <code>type</code> is one of the types below,{" "}
          <code>timestamp</code> when the fact happened (ISO 8601, UTC), and <code>data</code> the fact itself. The headers{" "}
          <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> follow Standard Webhooks. The schemas
          are generated from the same definitions Switchboard validates every fact with. An endpoint receives the payload version of each
          type that was current when it was added; upgrade it to the latest on its settings page.
        </p>
      </div>
      {entries.map((e) => (
        <section key={e.type} id={e.type} aria-labelledby={`h-${e.type}`} className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id={`h-${e.type}`} className="font-mono text-lg font-semibold">{e.type}</h2>
          <p className="mt-1 text-sm text-slate-700">{e.description}{e.version ? ` (payload version ${e.version})` : ""}</p>
          <details className="mt-3" open>
            <summary className="cursor-pointer text-sm font-medium">Example</summary>
            <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs" aria-label={`Example ${e.type}`}>{JSON.stringify(e.example, null, 2)}</pre>
          </details>
          <details className="mt-2">
            <summary className="cursor-pointer text-sm font-medium">JSON Schema</summary>
            <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs" aria-label={`JSON Schema ${e.type}`}>{JSON.stringify(e.schema, null, 2)}</pre>
          </details>
          {e.earlier.map((v) => (
            <details key={v.version} className="mt-2" data-testid={`earlier-${e.type}-v${v.version}`}>
              <summary className="cursor-pointer text-sm font-medium">Version {v.version}, still sent to endpoints that pinned it: {v.changes}</summary>
              <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs" aria-label={`Example ${e.type} version ${v.version}`}>{JSON.stringify(v.example, null, 2)}</pre>
              <details className="ml-4 mt-2">
                <summary className="cursor-pointer text-sm font-medium">JSON Schema of version {v.version}</summary>
                <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs" aria-label={`JSON Schema ${e.type} version ${v.version}`}>{JSON.stringify(v.schema, null, 2)}</pre>
              </details>
            </details>
          ))}
        </section>
      ))}
    </div>
  );
}
