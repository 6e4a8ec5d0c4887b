// A report's period: whole days from `from` to `to`, both included, counted in
// UTC. An organization has no time zone of its own and its events may each be in
// another one, so UTC is the one clock every figure of a report shares; the
// pages and the API say so next to the dates.
import { z } from "zod";
import { ValidationError } from "@/lib/domain/errors";

export const DEFAULT_PERIOD_DAYS = 30;
/** Two years of days: enough for a year-on-year look, small enough to answer fast. */
export const MAX_PERIOD_DAYS = 731;

const DAY_MS = 86_400_000;
const isoDay = (what: string) =>
  z.iso.date(`${what} must be a date such as 2030-06-01`).meta({ description: `${what === "from" ? "First" : "Last"} day of the period (UTC, included).` });

/** What a person or a client may ask for; every field is optional. */
export const ReportQuery = z.object({
  from: isoDay("from").optional(),
  to: isoDay("to").optional(),
  eventId: z.uuid("eventId must be an event id (UUID)").optional().meta({ description: "Only this event." }),
});
export type ReportQuery = z.output<typeof ReportQuery>;

export interface Period {
  /** YYYY-MM-DD, included. */
  from: string;
  /** YYYY-MM-DD, included. */
  to: string;
  /** The first instant of `from`. */
  start: Date;
  /** The first instant after `to`. */
  end: Date;
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function addDays(day: string, n: number): string {
  return utcDay(new Date(dayStart(day).getTime() + n * DAY_MS));
}

/** Every day of the period in order, for charts that show days without sales too. */
export function daysOf(period: Period): string[] {
  const n = Math.round((period.end.getTime() - period.start.getTime()) / DAY_MS);
  return Array.from({ length: n }, (_, i) => addDays(period.from, i));
}

/**
 * The period asked for, with the defaults filled in: up to today, and the last
 * 30 days (or from `defaultFrom`, such as the day an event was created). A
 * period that ends before it starts, or is longer than two years, is refused
 * with the field to correct.
 */
export function reportPeriod(q: Pick<ReportQuery, "from" | "to">, opts: { now?: Date; defaultFrom?: string } = {}): Period {
  const to = q.to ?? utcDay(opts.now ?? new Date());
  const earliest = addDays(to, 1 - MAX_PERIOD_DAYS);
  // A default is kept inside what is allowed; only what was asked for is refused.
  const fallback = opts.defaultFrom ?? addDays(to, 1 - DEFAULT_PERIOD_DAYS);
  const from = q.from ?? (fallback < earliest ? earliest : fallback > to ? to : fallback);
  if (from > to) throw new ValidationError({ from: [`from (${from}) must be on or before to (${to})`] });
  if (from < earliest) throw new ValidationError({ to: [`A period is at most ${MAX_PERIOD_DAYS} days; ${from} to ${to} is longer`] });
  return { from, to, start: dayStart(from), end: dayStart(addDays(to, 1)) };
}
