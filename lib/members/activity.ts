// The organization's activity log records each change to its people, with who
// made it. These entries come from no domain event (nothing outside reacts to
// them), so they are written in the change's own transaction, as notices are.
import type { Tx } from "@/lib/db/client";

export type MemberChange =
  | "member.invited"
  | "member.invitation_resent"
  | "member.invitation_revoked"
  | "member.invitation_renewal_requested"
  | "member.invitation_accepted"
  | "member.role_changed"
  | "member.removed";

export async function recordMemberChange(tx: Tx, orgId: string, type: MemberChange, summary: string): Promise<string> {
  const row = await tx
    .insertInto("activity_log")
    .values({ org_id: orgId, domain_event_id: null, type, summary: summary.slice(0, 2000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
