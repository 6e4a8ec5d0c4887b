import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { catalog } from "@/lib/integrations/views";
import { automationOverview } from "@/lib/zapier/overview";
import { StatusBadge } from "@/components/integrations/status-badge";
import { healthSummary } from "@/lib/health/overview";
import { HealthSummaryLine } from "@/components/health/summary-line";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const member = await requireAdmin();
  const [groups, automation, health] = await Promise.all([catalog(db(), member.orgId), automationOverview(db(), member.orgId), healthSummary(db(), member.orgId)]);
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
  const automationTiles = [
    {
      name: "Zapier",
      href: "/settings/api-keys",
      logo: "/logos/zapier.svg",
      status: automation.zaps > 0 ? `${plural(automation.zaps, "Zap")} subscribed` : automation.apiKeys > 0 ? "API key ready" : "not connected",
      description: "Connect Switchboard's Zapier app with an API key: Zaps subscribe to registrations, tickets, check-ins and events, and can register people, check them in and create event drafts.",
    },
    {
      name: "Webhooks",
      href: "/settings/webhooks",
      logo: "/logos/webhooks.svg",
      status: automation.endpoints > 0 ? plural(automation.endpoints, "endpoint") : "none yet",
      description: "Send every fact to your own systems as signed Standard Webhooks messages, retried for about a day.",
    },
  ];
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Integrations</h1>
        <p className="mt-1 text-sm text-slate-600">
          Connect the services your organization uses. Each can run against the built-in sandbox first, then live.
        </p>
      </div>
      <HealthSummaryLine summary={health} />
      {groups.map((g) => (
        <section key={g.category} aria-labelledby={`cat-${g.category}`}>
          <h2 id={`cat-${g.category}`} className="text-sm font-semibold uppercase tracking-wide text-slate-500">{g.label}</h2>
          <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {g.items.map(({ connector, logo, status, mode }) => (
              <Link
                key={connector.id}
                href={`/settings/integrations/${connector.id}`}
                className="flex gap-4 rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600"
                aria-label={`${connector.name}: ${status.replace("_", " ")}`}
              >
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={logo} alt="" width={40} height={40} className="h-10 w-10 shrink-0" />
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
      <section aria-labelledby="cat-your-systems">
        <h2 id="cat-your-systems" className="text-sm font-semibold uppercase tracking-wide text-slate-500">Zapier and your own systems</h2>
        <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {automationTiles.map((t) => (
            <Link key={t.name} href={t.href} className="flex gap-4 rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600" aria-label={`${t.name}: ${t.status}`}>
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={t.logo} alt="" width={40} height={40} className="h-10 w-10 shrink-0" />
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{t.name}</span>
                  <span className="text-xs text-slate-500">{t.status}</span>
                </div>
                <p className="mt-1 text-sm text-slate-600">{t.description}</p>
              </div>
            </Link>
          ))}
        </div>
      </section>
    </div>
  );
}
