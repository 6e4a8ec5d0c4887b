import { requireAdmin } from "@/lib/auth/session";
import { listApiKeys } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import { ActionButton } from "@/components/ui/action-button";
import { CreateApiKeyForm } from "@/components/api-keys/create-form";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata = { title: "API keys" };

function when(d: Date | null): string {
  return d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "Never";
}

export default async function ApiKeysPage() {
  const member = await requireAdmin();
  const keys = await listApiKeys(db(), member.orgId);
  return (
    <div>
      <h1 className="text-2xl font-semibold">API keys</h1>
      <p className="mt-1 text-sm text-slate-600">
        A key lets Zapier and the REST API act for this organization: read its events, subscribe to its facts and
        register attendees. Send it in the <code>X-API-Key</code> header. A key is shown once when it is created; revoke
        one that may have leaked and create another.
      </p>
      <section className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-medium">Create a key</h2>
        <CreateApiKeyForm action={createApiKeyAction} />
      </section>
      <table className="mt-6 w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="API keys">
        <thead className="text-left text-slate-600">
          <tr><th className="px-3 py-2">Name</th><th>Key</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr>
        </thead>
        <tbody>
          {keys.length === 0 ? (
            <tr><td colSpan={6} className="px-3 py-4 text-slate-500">No keys yet.</td></tr>
          ) : null}
          {keys.map((k) => (
            <tr key={k.id} className="border-t border-slate-100 align-top" data-testid="api-key-row">
              <td className="px-3 py-2 font-medium">{k.name}</td>
              <td className="py-2"><code>{k.prefix}…</code></td>
              <td className="py-2">{when(k.created_at)}</td>
              <td className="py-2">{when(k.last_used_at)}</td>
              <td className="py-2">
                {k.revoked_at ? (
                  <span className="inline-flex rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">Revoked {when(k.revoked_at)}</span>
                ) : (
                  <span className="inline-flex rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">Active</span>
                )}
              </td>
              <td className="py-2 pr-3 text-right">
                {k.revoked_at ? null : (
                  <ActionButton
                    action={revokeApiKeyAction.bind(null, k.id)}
                    label="Revoke"
                    variant="danger"
                    confirm={`Revoke "${k.name}"? Zapier and any other client using it stop working at once, and its Zapier subscriptions stop receiving.`}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
