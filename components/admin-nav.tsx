import Link from "next/link";
import type { Member } from "@/lib/auth/session";
import { OrgSwitcher } from "./org-switcher";
import { SignOutButton } from "./sign-out-button";

export function AdminNav({ member, switchOrganization }: { member: Member; switchOrganization: (fd: FormData) => Promise<void> }) {
  const admin = member.role === "owner" || member.role === "admin";
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
        <Link href="/events" className="font-semibold text-brand-700">Switchboard</Link>
        {member.memberships.length > 1 ? (
          <OrgSwitcher current={member.orgId} memberships={member.memberships} action={switchOrganization} />
        ) : (
          <span className="text-sm text-slate-500">{member.orgName}</span>
        )}
        <nav className="flex gap-4 text-sm">
          <Link href="/events" className="hover:text-brand-700">Events</Link>
          {admin ? <Link href="/reports" className="hover:text-brand-700">Reports</Link> : null}
          {admin ? <Link href="/settings" className="hover:text-brand-700">Settings</Link> : null}
        </nav>
        <div className="ml-auto flex items-center gap-4">
          <span className="text-sm text-slate-600">{member.email} · {member.role}</span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
