// The organizations a person belongs to, for one to pick. A plain form, so it
// works before any script has loaded; the server checks the choice.
import type { Membership } from "@/lib/auth/users";

export function OrgSwitcher({ current, memberships, action }: { current: string; memberships: Membership[]; action: (fd: FormData) => Promise<void> }) {
  return (
    <form action={action} className="flex items-center gap-2" aria-label="Switch organization">
      <label htmlFor="org-switcher" className="sr-only">Organization</label>
      <select id="org-switcher" name="orgId" defaultValue={current} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
        {memberships.map((m) => (
          <option key={m.orgId} value={m.orgId}>{m.orgName}</option>
        ))}
      </select>
      <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50">Switch</button>
    </form>
  );
}
