import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { domainEventCatalog, domainEventTypes } from "@/lib/domain/outbox/catalog";
import { listEndpoints } from "@/lib/webhooks/outbound/endpoints";
import { Badge } from "@/components/ui/badge";
import { EndpointForm } from "@/components/webhooks/endpoint-form";
import { createEndpointAction } from "./actions";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const member = await requireAdmin();
  const endpoints = await listEndpoints(db(), member.orgId);
  const eventTypes = domainEventTypes.map((type) => ({ type, description: domainEventCatalog[type].describe }));
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every fact your organization produces, POSTed to your endpoints as a signed{" "}
          <a href="https://www.standardwebhooks.com/" className="text-brand-700 underline">Standard Webhooks</a> message, retried for about a day.
          See the <Link href="/settings/webhooks/event-types" className="text-brand-700 underline">event catalog</Link> for every type and its schema.
        </p>
      </div>

      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading" className="text-lg font-semibold">Endpoints</h2>
        {endpoints.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No endpoints yet.</p>
        ) : (
          <table className="mt-3 w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Endpoints">
            <thead className="text-left text-slate-600">
              <tr><th className="px-3 py-2">URL</th><th>Description</th><th>Events</th><th>Status</th><th>Failed messages</th></tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id} className="border-t border-slate-100 align-top" data-testid="endpoint-row">
                  <td className="max-w-xs truncate px-3 py-2">
                    <Link href={`/settings/webhooks/${e.id}`} className="text-brand-700 underline">{e.url}</Link>
                    {e.source === "zapier" ? <span className="ml-2 text-xs text-slate-500">(Zapier)</span> : null}
                  </td>
                  <td className="py-2">{e.description}</td>
                  <td className="py-2">{e.event_types.length}</td>
                  <td className="py-2"><Badge value={e.enabled ? (e.failing_since ? "failing" : "enabled") : "disabled"} /></td>
                  <td className="py-2">{Number(e.failed_messages ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="add-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="add-heading" className="mb-3 text-lg font-semibold">Add endpoint</h2>
        <EndpointForm action={createEndpointAction} eventTypes={eventTypes} mode="create" />
      </section>
    </div>
  );
}
