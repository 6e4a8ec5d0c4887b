// Calendar days as written in the entry (its own offset or all-day date), so an event
// at 18:00 in Zurich shows at 18:00 on its day, whatever the sandbox's time zone.
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const DAY_MS = 24 * 3600 * 1000;

export function localDay(t: unknown): string | null {
  if (!isObj(t)) return null;
  if (typeof t.date === "string") return t.date.slice(0, 10);
  if (typeof t.dateTime === "string") return t.dateTime.slice(0, 10);
  return null;
}

export function localTime(t: unknown): string | null {
  return isObj(t) && typeof t.dateTime === "string" ? t.dateTime.slice(11, 16) : null;
}

export function instantOf(t: unknown): number | null {
  if (!isObj(t)) return null;
  const v = typeof t.dateTime === "string" ? Date.parse(t.dateTime) : typeof t.date === "string" ? Date.parse(`${t.date}T00:00:00Z`) : NaN;
  return Number.isNaN(v) ? null : v;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Monday of the week a yyyy-mm-dd day falls in. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The days an entry occupies: one for a timed entry, each day of an all-day span (end exclusive). */
export function daysOf(start: unknown, end: unknown): string[] {
  const first = localDay(start);
  if (!first) return [];
  if (!isObj(start) || typeof start.date !== "string") return [first];
  const last = localDay(end);
  const days = [first];
  for (let d = addDays(first, 1); last && d < last && days.length < 366; d = addDays(d, 1)) days.push(d);
  return days;
}
