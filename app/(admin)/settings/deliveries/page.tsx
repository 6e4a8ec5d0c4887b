import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listDeliveries } from "@/lib/jobs/deliveries";
import { findManifest } from "@/lib/integrations/registry";
import { ActionButton } from "@/components/ui/action-button";
import { Badge } from "@/components/ui/badge";
import { retryDeliveryAction } from "./actions";

export const metadata = { title: "Deliveries" };

export default async function DeliveriesPage() {
  const member = await requireAdmin();
  const rows = await listDeliveries(db(), member.orgId);
  return (
    <div>
      <h1 className="text-2xl font-semibold">Deliveries</h1>
      <p className="mt-1 text-sm text-slate-600">
        Each fact goes to each subscriber as its own job. Failures are retried with exponential backoff; one that runs out
        of attempts stays here until you retry it.
      </p>
      <table className="mt-6 w-full rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="text-left text-slate-600">
          <tr><th className="px-3 py-2">Fact</th><th>Subscriber</th><th>Status</th><th>Attempts</th><th>Last error</th><th /></tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} className="border-t border-slate-100 align-top" data-testid="delivery-row">
              <td className="px-3 py-2"><code>{d.event_type}</code></td>
              <td className="py-2">{d.connector_id ? (findManifest(d.connector_id)?.name ?? d.connector_id) : d.subscriber}</td>
              <td className="py-2"><Badge value={d.status} /></td>
              <td className="py-2">{d.attempts}</td>
              <td className="max-w-xs truncate py-2 text-red-700" title={d.last_error ?? ""}>{d.last_error ?? ""}</td>
              <td className="py-2 pr-3 text-right">
                {d.status === "dead" || d.status === "retrying" ? (
                  <ActionButton action={retryDeliveryAction.bind(null, d.id)} label="Retry now" variant="secondary" />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
