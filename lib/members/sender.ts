// An invitation speaks for the person who sent it, for as long as they may hand
// out its role (./rules.ts): removed, demoted, or their account deleted, their
// invitations stop working. Otherwise an owner removed by the others could come
// back through an invitation they had sent to another address of theirs.
import type { DbOrTx } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { mayChange } from "./rules";

/** Whether the sender may, as they are now, hand out the invitation's role; read under the organization's lock to count. */
export async function senderMayGrant(db: DbOrTx, inv: { org_id: string; invited_by: string | null; role: Role }): Promise<boolean> {
  if (!inv.invited_by) return false;
  const sender = await db.selectFrom("memberships").select("role").where("org_id", "=", inv.org_id).where("user_id", "=", inv.invited_by).executeTakeFirst();
  return mayChange(sender?.role ?? null, null, inv.role);
}
