// The phone calls an organization's connections placed, with their latest status.
// Provider-neutral: a voice connector writes here, the attendee page reads.
import type { Db } from "@/lib/db/client";
import { atLeastRank } from "@/lib/db/ranked-status";

/**
 * Call statuses in the order they can happen. Status callbacks arrive in any
 * order, so a status is applied only over a lower one and the first final status stays.
 */
export const CALL_STATUS_RANK: Record<string, number> = {
  pending: 0,
  queued: 1,
  initiated: 2,
  ringing: 3,
  "in-progress": 4,
  completed: 5,
  busy: 5,
  "no-answer": 5,
  failed: 5,
  canceled: 5,
};

export function callStatusRank(status: string): number {
  return CALL_STATUS_RANK[status] ?? 0;
}

export interface CallClaim {
  id: string;
  sid: string | null;
}

/** The call `ref` owes this number, made on first ask: a retried batch finds it and its SID instead of calling twice. */
export async function claimCall(
  db: Db,
  c: { orgId: string; connectionId: string; attendeeId: string | null; ref: string; to: string; from: string; message: string; twiml: string },
): Promise<CallClaim> {
  await db
    .insertInto("voice_calls")
    .values({ org_id: c.orgId, connection_id: c.connectionId, attendee_id: c.attendeeId, ref: c.ref, to_number: c.to, from_number: c.from, message: c.message, twiml: c.twiml, status: "pending" })
    .onConflict((oc) => oc.columns(["connection_id", "ref"]).doNothing())
    .execute();
  return db.selectFrom("voice_calls").select(["id", "sid"]).where("connection_id", "=", c.connectionId).where("ref", "=", c.ref).executeTakeFirstOrThrow();
}

/** What the provider answered when it took the call; a callback that came first keeps its higher status. */
export async function markCallPlaced(db: Db, id: string, a: { sid: string; status: string }): Promise<void> {
  const rank = callStatusRank(a.status);
  await db
    .updateTable("voice_calls")
    .set({
      sid: a.sid,
      ...atLeastRank(a.status, rank),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

/** Applies a call status over a lower one only; false when it changed nothing (older news, or no such call). */
export async function applyCallStatus(db: Db, connectionId: string, sid: string, status: string, durationSeconds: number | null): Promise<boolean> {
  const rank = callStatusRank(status);
  const res = await db
    .updateTable("voice_calls")
    .set({ status, status_rank: rank, duration_seconds: durationSeconds, updated_at: new Date() })
    .where("connection_id", "=", connectionId)
    .where("sid", "=", sid)
    .where("status_rank", "<", rank)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface AttendeeCall {
  message: string;
  status: string;
  durationSeconds: number | null;
  at: Date;
}

/** The calls placed to each attendee, oldest first, for the admin's attendee list. */
export async function callsForAttendees(db: Db, orgId: string, attendeeIds: string[]): Promise<Map<string, AttendeeCall[]>> {
  const out = new Map<string, AttendeeCall[]>();
  if (attendeeIds.length === 0) return out;
  const rows = await db
    .selectFrom("voice_calls")
    .select(["attendee_id", "message", "status", "duration_seconds", "created_at"])
    .where("org_id", "=", orgId)
    .where("attendee_id", "in", attendeeIds)
    .orderBy("created_at")
    .execute();
  for (const r of rows) {
    const list = out.get(r.attendee_id!) ?? [];
    list.push({ message: r.message, status: r.status, durationSeconds: r.duration_seconds, at: r.created_at });
    out.set(r.attendee_id!, list);
  }
  return out;
}
