import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { catalog } from "@/lib/integrations/views";
import { StatusBadge } from "@/components/integrations/status-badge";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const member = await requireAdmin();
  const groups = await catalog(db(), member.orgId);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Integrations</h1>
        <p className="mt-1 text-sm text-slate-600">
          Connect the services your organization uses. Each can run against the built-in sandbox first, then live.
        </p>
      </div>
      {groups.map((g) => (
        <section key={g.category} aria-labelledby={`cat-${g.category}`}>
          <h2 id={`cat-${g.category}`} className="text-sm font-semibold uppercase tracking-wide text-slate-500">{g.label}</h2>
          <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {g.items.map(({ connector, status, mode }) => (
              <Link
                key={connector.id}
                href={`/settings/integrations/${connector.id}`}
                className="flex gap-4 rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600"
                aria-label={`${connector.name}: ${status.replace("_", " ")}`}
              >
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={connector.logo} alt="" width={40} height={40} className="h-10 w-10 shrink-0" />
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{connector.name}</span>
                    <StatusBadge status={status} />
                    {mode === "sandbox" ? <span className="text-xs text-slate-500">sandbox</span> : null}
                  </div>
                  <p className="mt-1 text-sm text-slate-600">{connector.description}</p>
                </div>
              </Link>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
