// Attendance: per event, the tickets that are valid (registered), those checked
// in, and the no-shows once the event is over. Refunded and cancelled tickets
// are no registrations, and a pending one is not one yet.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { EventStatus } from "@/lib/db/schema";
import { int, type ReportScope } from "./scope";

export interface AttendanceRow {
  eventId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  status: Exclude<EventStatus, "draft">;
  /** Over (ended) and not cancelled: only then are the missing no-shows. */
  ended: boolean;
  registered: number;
  checkedIn: number;
  /** registered − checked in, for an event that has ended; null before. */
  noShow: number | null;
}

export interface AttendanceReport {
  /** No-shows summed over the events that have ended. */
  totals: { registered: number; checkedIn: number; noShow: number };
  events: AttendanceRow[];
}

/**
 * The events that start in the period (drafts have no tickets), or with an
 * event chosen, that event whatever the period: its attendance is one figure,
 * not a series over days.
 */
export async function attendanceReport(db: Db, scope: ReportScope, now = new Date()): Promise<AttendanceReport> {
  let q = db
    .selectFrom("events")
    .leftJoin("attendees", (j) => j.onRef("attendees.event_id", "=", "events.id").on("attendees.status", "=", "paid"))
    .select([
      "events.id",
      "events.title",
      "events.starts_at",
      "events.ends_at",
      "events.status",
      sql<string>`count(attendees.id)`.as("registered"),
      sql<string>`count(attendees.id) filter (where attendees.checked_in_at is not null)`.as("checked_in"),
    ])
    .where("events.org_id", "=", scope.orgId)
    .where("events.status", "!=", "draft");
  q = scope.event
    ? q.where("events.id", "=", scope.event.id)
    : q.where("events.starts_at", ">=", scope.period.start).where("events.starts_at", "<", scope.period.end);
  const rows = await q.groupBy("events.id").orderBy("events.starts_at").orderBy("events.id").execute();

  const events = rows.map((r): AttendanceRow => {
    const registered = int(r.registered);
    const checkedIn = int(r.checked_in);
    const ended = r.status !== "cancelled" && r.ends_at <= now;
    return {
      eventId: r.id,
      title: r.title,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      // The query leaves drafts out.
      status: r.status as Exclude<EventStatus, "draft">,
      ended,
      registered,
      checkedIn,
      noShow: ended ? registered - checkedIn : null,
    };
  });
  return {
    totals: {
      registered: events.reduce((n, e) => n + e.registered, 0),
      checkedIn: events.reduce((n, e) => n + e.checkedIn, 0),
      noShow: events.reduce((n, e) => n + (e.noShow ?? 0), 0),
    },
    events,
  };
}
