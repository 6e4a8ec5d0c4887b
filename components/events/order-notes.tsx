// What connected services had to say about this event's orders: a document the
// accounting system refused (in its own words), or a receipt voided there.
import type { OrderNote } from "@/lib/order-notes/store";
import { findManifest } from "@/lib/integrations/registry";

export function OrderNotes({ notes, timeZone, format }: { notes: OrderNote[]; timeZone: string; format: (d: Date, tz: string) => string }) {
  if (notes.length === 0) return null;
  return (
    <section aria-labelledby="order-notes-heading" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm">
      <h2 id="order-notes-heading" className="font-semibold text-amber-900">Orders that need a look ({notes.length})</h2>
      <ul className="mt-2 space-y-2">
        {notes.map((n) => (
          <li key={`${n.orderId}:${n.connectionId}:${n.key}`} role={n.severity === "error" ? "alert" : undefined} data-testid="order-note" className="rounded-md bg-white px-3 py-2 text-slate-800">
            <span className="font-medium">{n.buyerName}</span> <span className="text-slate-600">({n.buyerEmail}, order {n.orderId.slice(0, 8)})</span>
            <span className={`ml-2 rounded px-1.5 py-0.5 text-xs ${n.severity === "error" ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-900"}`}>{findManifest(n.connectorId)?.name ?? n.connectorId}</span>
            <p className="mt-1">{n.message}</p>
            <p className="text-xs text-slate-500">{format(n.at, timeZone)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
