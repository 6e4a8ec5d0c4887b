// One entry as the calendar reports it, against the event it is for: our own
// write coming back (ignored), no real difference (its version becomes the
// baseline), or an organizer's change, settled by the connection's policy and
// logged.
import type { Db } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { updateEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { instantToLocal } from "@/lib/domain/time";
import type { CalendarEntryState } from "@/lib/integrations/contract/calendar";
import { recordChange, type FieldChanges } from "./log";
import type { SyncTarget } from "./target";
import { knownEntry, recordVersion } from "./versions";

export type EntryOutcome = "echo" | "unchanged" | "baseline" | "applied" | "reverted" | "refused" | "awaiting_confirmation" | "ignored";

async function eventRow(db: Db, orgId: string, eventId: string): Promise<EventRow | undefined> {
  return db.selectFrom("events").selectAll().where("id", "=", eventId).where("org_id", "=", orgId).executeTakeFirst();
}

// Events are edited to the minute, so seconds in the calendar are no difference.
const minute = (iso: string | Date) => Math.floor(new Date(iso).getTime() / 60_000);

/** What the entry says that the event does not; only the fields a calendar holds are compared. */
export function differences(entry: CalendarEntryState, ev: EventRow): FieldChanges {
  const out: FieldChanges = {};
  if (entry.title !== undefined && entry.title !== ev.title) out.title = { before: ev.title, after: entry.title };
  if (entry.startsAt && minute(entry.startsAt) !== minute(ev.starts_at)) out.startsAt = { before: ev.starts_at.toISOString(), after: entry.startsAt };
  if (entry.endsAt && minute(entry.endsAt) !== minute(ev.ends_at)) out.endsAt = { before: ev.ends_at.toISOString(), after: entry.endsAt };
  // An online event's location is its meeting link, which is ours to set.
  if (!ev.online && entry.location !== undefined && (entry.location ?? "") !== ev.venue) out.location = { before: ev.venue, after: entry.location };
  return out;
}

function reasonOf(err: unknown): string {
  if (err instanceof ValidationError) {
    const fields = Object.entries(err.fieldErrors).map(([k, v]) => `${k}: ${v.join(", ")}`);
    return fields.length ? fields.join("; ") : err.message;
  }
  return (err as Error).message;
}

async function restore(db: Db, t: SyncTarget, ev: EventRow, entryId: string): Promise<void> {
  const { version } = await t.sync.restore(t.ctx, eventSnapshot(ev));
  await recordVersion(db, t.row.id, ev.id, entryId, version);
}

/** The event as the calendar has it now, through the domain (version check, event.updated); a lost race reads again once. */
async function applyToEvent(db: Db, t: SyncTarget, entry: CalendarEntryState, first: EventRow): Promise<{ ok: true; event: EventRow } | { ok: false; reason: string; event: EventRow }> {
  let ev = first;
  for (let attempt = 0; ; attempt++) {
    const input = {
      title: entry.title ?? ev.title,
      description: ev.description,
      venue: !ev.online && entry.location !== undefined ? entry.location : ev.venue,
      startsAt: instantToLocal(new Date(entry.startsAt ?? ev.starts_at), ev.time_zone),
      endsAt: instantToLocal(new Date(entry.endsAt ?? ev.ends_at), ev.time_zone),
      timeZone: ev.time_zone,
      language: ev.language,
      capacity: ev.capacity,
      online: ev.online,
      version: ev.version,
    };
    try {
      return { ok: true, event: await updateEvent(db, t.row.org_id, ev.id, input) };
    } catch (err) {
      if (!(err instanceof ConflictError || err instanceof ValidationError)) throw err;
      const now = await eventRow(db, t.row.org_id, ev.id);
      if (err instanceof ConflictError && attempt === 0 && now && now.version !== ev.version) {
        ev = now;
        continue;
      }
      return { ok: false, reason: reasonOf(err), event: now ?? ev };
    }
  }
}

export async function applyEntry(db: Db, t: SyncTarget, entry: CalendarEntryState, mode: "baseline" | "compare"): Promise<EntryOutcome> {
  const connectionId = t.row.id;
  const known = await knownEntry(db, connectionId, entry.eventId, entry.entryId);
  // Not (or no longer) one of ours: nothing to keep in step.
  if (!known) return "ignored";
  if (known.version !== null && known.version === entry.version) return "echo";
  const ev = await eventRow(db, t.row.org_id, entry.eventId);
  if (!ev) return "ignored";
  if (entry.removed && (known.deleted || ev.status === "cancelled")) {
    await recordVersion(db, connectionId, ev.id, entry.entryId, entry.version);
    return "echo";
  }
  const fields: FieldChanges = entry.removed ? { removed: { before: false, after: true } } : differences(entry, ev);
  if (mode === "baseline" || !Object.keys(fields).length || t.policy === "off") {
    await recordVersion(db, connectionId, ev.id, entry.entryId, entry.version);
    return Object.keys(fields).length ? "baseline" : "unchanged";
  }
  const base = { orgId: t.row.org_id, connectionId, eventId: ev.id, entryId: entry.entryId, fields, policy: t.policy };

  if (t.policy === "switchboard") {
    await restore(db, t, ev, entry.entryId);
    await recordChange(db, { ...base, outcome: "reverted", reason: "Switchboard wins: the entry was put back as the event has it." });
    return "reverted";
  }
  if (entry.removed) {
    // Cancelling may refund or notify attendees: a person decides, never a deleted entry alone.
    await recordVersion(db, connectionId, ev.id, entry.entryId, entry.version);
    await recordChange(db, { ...base, outcome: "awaiting_confirmation", reason: "The entry was deleted in the calendar. Cancel the event, or put the entry back." });
    return "awaiting_confirmation";
  }
  const result = await applyToEvent(db, t, entry, ev);
  if (!result.ok) {
    await restore(db, t, result.event, entry.entryId);
    await recordChange(db, { ...base, outcome: "refused", reason: `${result.reason} The entry was put back.` });
    return "refused";
  }
  // The organizer's version is now the event's too; our own patch that follows records its own.
  await recordVersion(db, connectionId, ev.id, entry.entryId, entry.version);
  await recordChange(db, { ...base, outcome: "applied" });
  return "applied";
}
