import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listWebhookEvents } from "@/lib/webhooks/inbound/process";
import { ActionButton } from "@/components/ui/action-button";
import { Badge } from "@/components/ui/badge";
import { reprocessAction } from "./actions";

export const metadata = { title: "Received webhooks" };

const utc = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/** Why a callback was not applied, and whether it will be tried again by itself. */
function NotApplied({ reason, retryAt }: { reason: string | null; retryAt: Date | null }) {
  return (
    <div data-testid="not-applied">
      <span className="text-red-700">Not applied: {reason ?? "unknown error"}</span>
      <div className="text-xs text-slate-500">
        {retryAt ? `Will retry at ${utc(retryAt)} UTC.` : "Final: it will not be retried. Fix the cause (reconnect, or check the provider's dashboard), then Reprocess."}
      </div>
    </div>
  );
}

export default async function ReceivedWebhooksPage() {
  const member = await requireAdmin();
  const rows = await listWebhookEvents(db(), member.orgId);
  return (
    <div>
      <h1 className="text-2xl font-semibold">Received webhooks</h1>
      <p className="mt-1 text-sm text-slate-600">Callbacks from providers, each verified and stored once before it is acted on.</p>
      {rows.length === 0 ? (
        <p className="mt-6 text-sm text-slate-600">None yet.</p>
      ) : (
        <table className="mt-6 w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Received webhooks">
          <thead className="text-left text-slate-600">
            <tr><th className="px-3 py-2">Received (UTC)</th><th className="pr-3">Provider</th><th className="pr-3">Type</th><th className="pr-3">Status</th><th className="pr-3">Outcome</th><th /></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="webhook-row">
                <td className="px-3 py-2 whitespace-nowrap">{utc(r.received_at)}</td>
                <td className="pr-3">{r.provider}</td>
                <td className="pr-3"><code>{r.type}</code><div className="text-xs text-slate-500">{r.external_id}</div></td>
                <td className="pr-3"><Badge value={r.status} /></td>
                <td className="max-w-xs pr-3">
                  {r.status === "failed" ? <NotApplied reason={r.error} retryAt={r.retry_at} /> : r.outcome}
                  {r.attempts > 1 ? <span className="text-slate-500"> ({r.attempts} attempts)</span> : null}
                </td>
                <td className="pr-3 text-right"><ActionButton action={reprocessAction.bind(null, r.id)} label="Reprocess" variant="secondary" /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
