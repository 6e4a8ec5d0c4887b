// Who may open an event's folder: every e-mail holding a paid ticket for the
// event. Invited as readers (sign-in required, no mail from Microsoft: our own
// confirmation says where the materials are) when they pay; the permission goes
// when their ticket is refunded or cancelled, unless the same address still
// holds another paid ticket for the event (a buyer of two who returns one).
import { sql } from "kysely";
import type { AttendeeSnapshot } from "@/lib/domain/outbox/catalog";
import { ProviderCallError } from "../contract";
import { graph } from "./client";
import { granteesOf, type Permission } from "./graph-types";
import type { OneDriveContext } from "./manifest";
import { find, grantKey, KIND, save, type FolderRecord, type GrantRecord } from "./records";

type Ctx = OneDriveContext;

/** Graph takes several recipients per invitation; a batch keeps each request small. */
const INVITE_BATCH = 20;
const seg = encodeURIComponent;

export async function paidEmails(ctx: Ctx, eventId: string, only?: string[]): Promise<string[]> {
  let q = ctx.db
    .selectFrom("attendees")
    .select(sql<string>`lower(email)`.as("email"))
    .distinct()
    .where("org_id", "=", ctx.connection.orgId)
    .where("event_id", "=", eventId)
    .where("status", "=", "paid");
  if (only) q = q.where(sql`lower(email)`, "in", only.length ? only : [""]);
  return (await q.execute()).map((r) => r.email).filter(Boolean);
}

/** Invites each address not already shared with; what Graph answered is recorded per address. */
export async function inviteEmails(ctx: Ctx, eventId: string, folderId: string, emails: string[]): Promise<void> {
  const wanted: string[] = [];
  for (const email of new Set(emails.map((e) => e.toLowerCase()))) {
    const known = await find<GrantRecord>(ctx, KIND.grant, grantKey(eventId, email));
    if (known?.data.state !== "shared" || known.data.folderId !== folderId) wanted.push(email);
  }
  for (let i = 0; i < wanted.length; i += INVITE_BATCH) {
    const batch = wanted.slice(i, i + INVITE_BATCH);
    // Inviting an address again adds nothing at Graph: a retried batch is harmless.
    const answer = await ctx.call("permissions.invite", (signal) =>
      graph(ctx)
        .api(`me/drive/items/${seg(folderId)}/invite`)
        .option("signal", signal)
        .post({ recipients: batch.map((email) => ({ email })), roles: ["read"], requireSignIn: true, sendInvitation: false }) as Promise<{ value: Permission[] }>,
    );
    for (const email of batch) {
      const permission = answer.value.find((p) => granteesOf(p).includes(email));
      await save<GrantRecord>(ctx, KIND.grant, grantKey(eventId, email), permission?.id ?? "", { eventId, email, folderId, permissionId: permission?.id ?? null, state: "shared" });
    }
  }
}

/** ticket.purchased (and a free registration, settled at once): the buyers' addresses get the folder, if the event has one yet. */
export async function grantOnPayment(ctx: Ctx, eventId: string, attendees: AttendeeSnapshot[]): Promise<void> {
  const paid = attendees.filter((a) => a.status === "paid").map((a) => a.email.toLowerCase());
  if (!paid.length) return;
  const folder = await find<FolderRecord>(ctx, KIND.folder, eventId);
  // No folder yet: the first material makes it and invites everyone paid by then.
  if (!folder?.externalId || folder.data.deleted) return;
  await inviteEmails(ctx, eventId, folder.externalId, paid);
}

/** ticket.refunded / registration.cancelled: the addresses that hold no other paid ticket for the event lose the folder. */
export async function revokeOnLeave(ctx: Ctx, eventId: string, attendees: AttendeeSnapshot[]): Promise<void> {
  const folder = await find<FolderRecord>(ctx, KIND.folder, eventId);
  if (!folder?.externalId || folder.data.deleted) return;
  const leaving = [...new Set(attendees.map((a) => a.email.toLowerCase()))];
  const stillPaid = new Set(await paidEmails(ctx, eventId, leaving));
  const gone = leaving.filter((e) => !stillPaid.has(e));
  if (!gone.length) return;
  // The grantee is looked up in the folder's permissions, not only by the id we kept: Graph may have merged or re-issued it.
  const listed = await ctx.call("permissions.list", (signal) => graph(ctx).api(`me/drive/items/${seg(folder.externalId)}/permissions`).option("signal", signal).get() as Promise<{ value: Permission[] }>);
  for (const email of gone) {
    const theirs = listed.value.filter((p) => !p.roles?.includes("owner") && !p.link && granteesOf(p).includes(email));
    for (const p of theirs) {
      try {
        await ctx.call("permissions.delete", (signal) => graph(ctx).api(`me/drive/items/${seg(folder.externalId)}/permissions/${seg(p.id)}`).option("signal", signal).delete() as Promise<void>);
      } catch (err) {
        // Removed already (by hand, or by an earlier attempt).
        if (!(err instanceof ProviderCallError && err.failure.status === 404)) throw err;
      }
    }
    const known = await find<GrantRecord>(ctx, KIND.grant, grantKey(eventId, email));
    await save<GrantRecord>(ctx, KIND.grant, grantKey(eventId, email), known?.externalId ?? "", { eventId, email, folderId: folder.externalId, permissionId: known?.data.permissionId ?? null, state: "removed" });
  }
}
