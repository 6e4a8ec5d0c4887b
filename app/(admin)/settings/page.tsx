import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { deliveryCounts } from "@/lib/jobs/deliveries";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const member = await requireAdmin();
  const counts = await deliveryCounts(db(), member.orgId);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <div className="grid gap-4 sm:grid-cols-2">
        <Link href="/settings/integrations" className="rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
          <h2 className="font-semibold">Integrations</h2>
          <p className="mt-1 text-sm text-slate-600">Connect Stripe, Slack, SendGrid, Google Calendar and more; test them and watch their health.</p>
        </Link>
        <Link href="/settings/members" className="rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
          <h2 className="font-semibold">Members</h2>
          <p className="mt-1 text-sm text-slate-600">Who belongs to the organization and with which role; invite people by e-mail.</p>
        </Link>
        <Link href="/settings/health" className="rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
          <h2 className="font-semibold">Health</h2>
          <p className="mt-1 text-sm text-slate-600">Every connection and webhook endpoint in one view: errors, latency, circuit breakers, rate limits and token expiry.</p>
        </Link>
        <Link href="/settings/activity" className="rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
          <h2 className="font-semibold">Activity</h2>
          <p className="mt-1 text-sm text-slate-600">Every fact your organization produced, as the worker delivered it.</p>
        </Link>
        <Link href="/settings/alerts" className="rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
          <h2 className="font-semibold">Alerts</h2>
          <p className="mt-1 text-sm text-slate-600">What needed attention, who was told, and when it was resolved.</p>
        </Link>
        <Link href="/settings/deliveries" className="rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
          <h2 className="font-semibold">Deliveries</h2>
          <p className="mt-1 text-sm text-slate-600">
            {counts.dead} failed for good · {counts.retrying} retrying · {counts.pending} waiting · {counts.succeeded} delivered
          </p>
        </Link>
      </div>
    </div>
  );
}
