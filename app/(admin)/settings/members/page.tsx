import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { ActionButton } from "@/components/ui/action-button";
import { InviteForm } from "@/components/members/invite-form";
import { RoleForm } from "@/components/members/role-form";
import { utcMinute } from "@/lib/members/invitation-mail";
import { listOpenInvitations } from "@/lib/members/invitations";
import { personLabel } from "@/lib/members/lock";
import { listMembers } from "@/lib/members/roster";
import { assignableRoles, ROLE_LABELS } from "@/lib/members/rules";
import { changeRoleAction, inviteAction, removeMemberAction, resendInvitationAction, revokeInvitationAction } from "./actions";

export const metadata = { title: "Members" };

export default async function MembersPage() {
  const me = await requireAdmin();
  const [people, invitations] = await Promise.all([listMembers(db(), me.orgId), listOpenInvitations(db(), me.orgId)]);
  const roles = assignableRoles(me.role).map((value) => ({ value, label: ROLE_LABELS[value] }));
  const owners = people.filter((p) => p.role === "owner").length;
  // Admins manage admins and members; owners everyone. The server checks again.
  const mayManage = (role: string) => me.role === "owner" || role !== "owner";
  return (
    <div>
      <h1 className="text-2xl font-semibold">Members</h1>
      <p className="mt-1 text-sm text-slate-600">
        Owners and admins manage events, integrations and settings; members see and run events. Only owners make,
        change or remove owners, and an organization always keeps at least one owner. Every change is in the activity log.
      </p>

      <section className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-medium">Invite a person</h2>
        <InviteForm action={inviteAction} roles={roles} />
      </section>

      <h2 className="mt-8 text-lg font-medium">People</h2>
      <table className="mt-2 w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="People">
        <thead className="text-left text-slate-600">
          <tr><th className="px-3 py-2">Name</th><th>E-mail</th><th>Role</th><th>Since</th><th><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {people.map((p) => {
            const who = personLabel(p);
            const lastOwner = p.role === "owner" && owners === 1;
            return (
              <tr key={p.userId} className="border-t border-slate-100 align-top" data-testid="member-row">
                <td className="px-3 py-2 font-medium">{p.name ?? "—"}{p.userId === me.userId ? <span className="ml-1 text-slate-500">(you)</span> : null}</td>
                <td className="py-2">{p.email}</td>
                <td className="py-2">
                  {mayManage(p.role) && !lastOwner ? <RoleForm action={changeRoleAction.bind(null, p.userId)} current={p.role} roles={roles} who={who} /> : ROLE_LABELS[p.role]}
                  {lastOwner ? <span className="ml-1 block text-xs text-slate-500">The last owner: make someone else an owner first to change this.</span> : null}
                </td>
                <td className="py-2">{p.since.toISOString().slice(0, 10)}</td>
                <td className="py-2 pr-3 text-right">
                  {mayManage(p.role) && !lastOwner ? (
                    <ActionButton
                      action={removeMemberAction.bind(null, p.userId)}
                      label={p.userId === me.userId ? "Leave" : "Remove"}
                      variant="danger"
                      confirm={p.userId === me.userId ? `Leave ${me.orgName}? You lose access at once.` : `Remove ${who} from ${me.orgName}? They lose access at once.`}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2 className="mt-8 text-lg font-medium">Pending invitations</h2>
      <table className="mt-2 w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Pending invitations">
        <thead className="text-left text-slate-600">
          <tr><th className="px-3 py-2">E-mail</th><th>Role</th><th>Invited by</th><th>Expires</th><th><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {invitations.length === 0 ? (
            <tr><td colSpan={5} className="px-3 py-4 text-slate-500">No pending invitations.</td></tr>
          ) : null}
          {invitations.map((i) => (
            <tr key={i.id} className="border-t border-slate-100 align-top" data-testid="invitation-row">
              <td className="px-3 py-2 font-medium">{i.email}</td>
              <td className="py-2">{ROLE_LABELS[i.role]}</td>
              <td className="py-2">
                {i.invitedBy ?? "—"}
                {i.withdrawn ? (
                  <span className="mt-1 block text-xs text-amber-800">They can no longer invite anyone as {i.role}, so this link does not work. Send it again to vouch for it yourself, or revoke it.</span>
                ) : null}
              </td>
              <td className="py-2">
                {i.expired ? (
                  <span className="inline-flex rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">Expired {utcMinute(i.expiresAt)}</span>
                ) : (
                  <time dateTime={i.expiresAt.toISOString()}>{utcMinute(i.expiresAt)}</time>
                )}
              </td>
              <td className="space-y-1 py-2 pr-3 text-right">
                {mayManage(i.role) ? (
                  <>
                    <ActionButton action={resendInvitationAction.bind(null, i.id)} label="Send again" variant="secondary" />
                    <ActionButton action={revokeInvitationAction.bind(null, i.id)} label="Revoke" variant="danger" confirm={`Revoke the invitation of ${i.email}? Its link stops working at once.`} />
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
