// A person's answer to an entry deleted in the calendar under "calendar wins":
// cancel the event (through the domain, so attendees hear of it as of any
// cancellation) or put the entry back. Each answers a waiting change once.
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { cancelEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { syncTarget } from "./target";
import { recordVersion } from "./versions";

async function waiting(db: Db, orgId: string, changeId: string) {
  const change = await db
    .selectFrom("calendar_changes")
    .select(["id", "connection_id", "event_id", "entry_id", "outcome"])
    .where("id", "=", changeId)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  if (!change) throw new NotFoundError("Calendar change");
  if (change.outcome !== "awaiting_confirmation") throw new ConflictError("This change was already answered.");
  if (!change.event_id) throw new ConflictError("The event of this entry no longer exists.");
  return { ...change, event_id: change.event_id };
}

async function resolve(db: Db, changeId: string, outcome: "confirmed" | "dismissed", reason: string): Promise<void> {
  await db.updateTable("calendar_changes").set({ outcome, reason, resolved_at: new Date() }).where("id", "=", changeId).where("outcome", "=", "awaiting_confirmation").execute();
}

export async function confirmRemoval(db: Db, orgId: string, changeId: string): Promise<void> {
  const change = await waiting(db, orgId, changeId);
  await cancelEvent(db, orgId, change.event_id);
  await resolve(db, change.id, "confirmed", "The event was cancelled, as its entry was deleted in the calendar.");
}

export async function putEntryBack(db: Db, orgId: string, changeId: string): Promise<void> {
  const change = await waiting(db, orgId, changeId);
  const t = await syncTarget(db, change.connection_id);
  if (!t) throw new ConflictError("The calendar is not connected: reconnect it, then put the entry back.");
  const ev = await db.selectFrom("events").selectAll().where("id", "=", change.event_id).where("org_id", "=", orgId).executeTakeFirst();
  if (!ev) throw new NotFoundError("Event");
  const { version } = await t.sync.restore(t.ctx, eventSnapshot(ev));
  await recordVersion(db, t.row.id, ev.id, change.entry_id, version);
  await resolve(db, change.id, "dismissed", "The entry was put back in the calendar.");
}
