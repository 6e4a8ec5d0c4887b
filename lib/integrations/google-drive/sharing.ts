// Who may read an event's folder: every e-mail with a paid ticket for the event,
// as a Drive reader. Kept per e-mail (one person may hold several tickets): a
// refund or cancellation takes the permission away only when that e-mail holds
// no other paid ticket for the event. Each permission is recorded before the
// next, so a retried delivery neither shares twice nor forgets whom to remove.
import { sql } from "kysely";
import { derivedId } from "@/lib/db/derived-id";
import { listAttendees } from "@/lib/domain/attendees/service";
import type { AttendeeSnapshot, EventSnapshot } from "@/lib/domain/outbox/catalog";
import { findExternal, saveExternal } from "../external-objects";
import { callOptions, driveClient } from "./client";
import { eventFolder, isNotFound } from "./folders";
import type { DriveContext } from "./manifest";

type Ctx = DriveContext;
export const READER = "gdrive.reader";

export interface ReaderRef {
  eventId: string;
  email: string;
  state: "shared" | "removed";
}

export function readerKey(eventId: string, email: string): string {
  return derivedId(`gdrive-reader:${eventId}:${email.trim().toLowerCase()}`);
}

const permissions = (ctx: Ctx) => driveClient(ctx.baseUrl, ctx.credentials.accessToken).permissions;

async function save(ctx: Ctx, ref: ReaderRef, permissionId: string): Promise<void> {
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: READER, localId: readerKey(ref.eventId, ref.email), externalId: permissionId, data: { ...ref } });
}

export async function shareFolder(ctx: Ctx, event: EventSnapshot, folderId: string, emails: string[]): Promise<void> {
  for (const email of new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))) {
    const known = await findExternal(ctx.db, ctx.connection.id, READER, readerKey(event.id, email));
    if ((known?.data as ReaderRef | undefined)?.state === "shared") continue;
    const notify = ctx.settings.notifyReaders;
    // Drive keeps one permission per person and file, so sharing again after a lost answer finds the first.
    const res = await ctx.call("permissions.create", (signal) =>
      permissions(ctx).create(
        {
          fileId: folderId,
          sendNotificationEmail: notify,
          ...(notify ? { emailMessage: `The materials for ${event.title}, shared with you because you have a ticket.` } : {}),
          requestBody: { type: "user", role: "reader", emailAddress: email },
          fields: "id",
        },
        callOptions(ctx.baseUrl, signal),
      ),
    );
    await save(ctx, { eventId: event.id, email, state: "shared" }, res.data.id!);
  }
}

/** The readers of a folder that is gone: a new one is shared afresh. */
export async function forgetReaders(ctx: Ctx, eventId: string): Promise<void> {
  await ctx.db.deleteFrom("external_objects").where("connection_id", "=", ctx.connection.id).where("kind", "=", READER).where(sql`data->>'eventId'`, "=", eventId).execute();
}

/** A new folder: everyone holding a paid ticket now, read from our records at delivery time. */
export async function shareWithPaidAttendees(ctx: Ctx, event: EventSnapshot, folderId: string): Promise<void> {
  const attendees = await listAttendees(ctx.db, ctx.connection.orgId, event.id);
  await shareFolder(ctx, event, folderId, attendees.filter((a) => a.status === "paid").map((a) => a.email));
}

/** Tickets paid for: their e-mails become readers of the event's folder, if it has one yet (a new folder shares with them itself). */
export async function shareWithBuyers(ctx: Ctx, event: EventSnapshot, attendees: AttendeeSnapshot[]): Promise<void> {
  const folderId = await eventFolder(ctx, event.id);
  if (!folderId) return;
  await shareFolder(ctx, event, folderId, attendees.filter((a) => a.status === "paid").map((a) => a.email));
}

/** Tickets refunded or cancelled: their e-mails stop reading, unless they still hold a paid ticket for the event. */
export async function unshare(ctx: Ctx, event: EventSnapshot, attendees: AttendeeSnapshot[]): Promise<void> {
  const emails = new Set(attendees.map((a) => a.email.trim().toLowerCase()));
  if (!emails.size) return;
  const stillPaid = new Set((await listAttendees(ctx.db, ctx.connection.orgId, event.id)).filter((a) => a.status === "paid").map((a) => a.email.trim().toLowerCase()));
  for (const email of emails) {
    if (stillPaid.has(email)) continue;
    const known = await findExternal(ctx.db, ctx.connection.id, READER, readerKey(event.id, email));
    const ref = known?.data as ReaderRef | undefined;
    if (!known || ref?.state !== "shared") continue;
    const folderId = await eventFolder(ctx, event.id);
    if (folderId) {
      try {
        await ctx.call("permissions.delete", (signal) => permissions(ctx).delete({ fileId: folderId, permissionId: known.externalId }, callOptions(ctx.baseUrl, signal)));
      } catch (err) {
        // Already gone (removed by hand in Drive, or by an earlier attempt): the goal is reached.
        if (!isNotFound(err)) throw err;
      }
    }
    await save(ctx, { eventId: event.id, email, state: "removed" }, known.externalId);
  }
}
