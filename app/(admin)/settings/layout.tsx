import Link from "next/link";
import { forbidden } from "next/navigation";
import { isAdmin, requireMember } from "@/lib/auth/session";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const member = await requireMember();
  if (!isAdmin(member)) forbidden();
  return (
    <div className="flex gap-8">
      <nav className="w-48 shrink-0 space-y-1 text-sm" aria-label="Settings">
        <Link href="/settings" className="block rounded px-2 py-1 hover:bg-slate-100">Overview</Link>
        <Link href="/settings/integrations" className="block rounded px-2 py-1 hover:bg-slate-100">Integrations</Link>
        <Link href="/settings/members" className="block rounded px-2 py-1 hover:bg-slate-100">Members</Link>
        <Link href="/settings/health" className="block rounded px-2 py-1 hover:bg-slate-100">Health</Link>
        <Link href="/settings/activity" className="block rounded px-2 py-1 hover:bg-slate-100">Activity</Link>
        <Link href="/settings/deliveries" className="block rounded px-2 py-1 hover:bg-slate-100">Deliveries</Link>
        <Link href="/settings/alerts" className="block rounded px-2 py-1 hover:bg-slate-100">Alerts</Link>
        <Link href="/settings/received-webhooks" className="block rounded px-2 py-1 hover:bg-slate-100">Received webhooks</Link>
        <Link href="/settings/webhooks" className="block rounded px-2 py-1 hover:bg-slate-100">Webhooks</Link>
        <Link href="/settings/memberships" className="block rounded px-2 py-1 hover:bg-slate-100">Memberships</Link>
        <Link href="/settings/api-keys" className="block rounded px-2 py-1 hover:bg-slate-100">API keys</Link>
      </nav>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
