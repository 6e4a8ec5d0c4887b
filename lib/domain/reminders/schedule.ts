// Keeping each attendee's reminder jobs in line with the event, in the caller's
// transaction: one job per (attendee, offset), keyed by both, due at the start
// minus the offset. Anything that changes who is reminded or when (a
// registration, a payment, a cancellation, a refund, a check-in, the event
// moving or being cancelled, its offsets edited) calls planReminders after its
// write, and the plan is recomputed from the rows as they now are: wanted jobs
// are added (replacing the job under the same key, so re-planning never doubles
// one), the others removed.
import { sql, type RawBuilder } from "kysely";
import type { DbOrTx, Tx } from "@/lib/db/client";
import { enqueuePerRow } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";

export type ReminderScope = { eventId: string } | { attendeeIds: string[] };

export function reminderJobKey(attendeeId: string, offsetMinutes: number): string {
  return jobKeys.reminder.of(attendeeId, offsetMinutes);
}

/**
 * Whether a reminder (attendee a, event e, offset o.m) should still go out: a
 * valid ticket not yet used, a published event that still has this offset, a
 * due time still ahead, and not sent already. An offset whose time has passed
 * (a registration 3 hours before the start has no 24-hour reminder) is skipped.
 */
const wanted = sql<boolean>`(a.status = 'paid' and a.checked_in_at is null and e.status = 'published'
  and o.m = any(e.reminder_offsets)
  and e.starts_at - make_interval(mins => o.m) > now()
  and not exists (select 1 from event_reminders r where r.attendee_id = a.id and r.offset_minutes = o.m))`;

function plan(scope: ReminderScope, alsoDrop: number[]): RawBuilder<unknown> {
  const where = "eventId" in scope ? sql`a.event_id = ${scope.eventId}` : sql`a.id = any(${scope.attendeeIds}::uuid[])`;
  return sql`
    select a.id as attendee_id, o.m as offset_minutes, e.starts_at - make_interval(mins => o.m) as due_at, ${wanted} as wanted
    from attendees a
    join events e on e.id = a.event_id
    cross join lateral (select distinct m from unnest(e.reminder_offsets || ${alsoDrop}::int[]) m) o
    where ${where}`;
}

/**
 * Re-plans the reminders of an event's attendees, or of some attendees.
 * `alsoDrop`: offsets the event had before an edit, whose jobs must go too.
 */
export async function planReminders(tx: Tx, scope: ReminderScope, opts: { alsoDrop?: number[] } = {}): Promise<void> {
  if ("attendeeIds" in scope && scope.attendeeIds.length === 0) return;
  const eventIds =
    "eventId" in scope ? sql`select ${scope.eventId}::uuid` : sql`select distinct event_id from attendees where id = any(${scope.attendeeIds}::uuid[])`;
  // A share lock on the event: a move committing meanwhile waits for us (and
  // then re-plans with our rows), or we wait for it and read its new start.
  await sql`select id from events where id in (${eventIds}) for share`.execute(tx);
  const planned = plan(scope, opts.alsoDrop ?? []);
  await sql`with p as (${planned})
    select ${enqueuePerRow(
      "send_event_reminder",
      { attendeeId: sql`p.attendee_id`, offsetMinutes: sql`p.offset_minutes` },
      { jobKey: jobKeys.reminder.sql(sql`p.attendee_id`, sql`p.offset_minutes`), runAt: sql`p.due_at` },
    )}
    from p where p.wanted`.execute(tx);
  await sql`with p as (${planned})
    select graphile_worker.remove_job(${jobKeys.reminder.sql(sql`p.attendee_id`, sql`p.offset_minutes`)})
    from p where not p.wanted`.execute(tx);
}

/**
 * The sweep's part for reminders (lib/jobs/sweeper.ts): a reminder that should
 * still go out but has no job that can run (its job spent its retries while the
 * database was away, or was lost) gets one again under its key. Only reminders
 * due ahead, or whose spent job is still there, count: an offset skipped at
 * planning because its time had passed has no job and stays skipped.
 */
export async function rearmLostReminders(db: DbOrTx, batch: number): Promise<number> {
  const key = jobKeys.reminder.sql(sql`a.id`, sql`o.m`);
  const { rows } = await sql`
    with lost as (
      select a.id as attendee_id, o.m as offset_minutes, greatest(e.starts_at - make_interval(mins => o.m), now()) as run_at
      from events e
      join attendees a on a.event_id = e.id
      cross join lateral unnest(e.reminder_offsets) as o(m)
      where e.status = 'published' and e.starts_at > now() and a.status = 'paid' and a.checked_in_at is null
        and not exists (select 1 from event_reminders r where r.attendee_id = a.id and r.offset_minutes = o.m)
        and not exists (select 1 from graphile_worker.jobs j where j.key = ${key} and (j.attempts < j.max_attempts or j.locked_at is not null))
        and (e.starts_at - make_interval(mins => o.m) > now() or exists (select 1 from graphile_worker.jobs j where j.key = ${key}))
      limit ${batch}
    )
    select ${enqueuePerRow(
      "send_event_reminder",
      { attendeeId: sql`l.attendee_id`, offsetMinutes: sql`l.offset_minutes` },
      { jobKey: jobKeys.reminder.sql(sql`l.attendee_id`, sql`l.offset_minutes`), runAt: sql`l.run_at` },
    )}
    from lost l`.execute(db);
  return rows.length;
}
