// Calendar days as written in an entry (its own offset, or an all-day date), so an
// event at 18:00 in Zurich shows at 18:00 on its day, whatever the sandbox's time zone.
const DAY_MS = 24 * 3600 * 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function isAllDay(t: string): boolean {
  return DATE_ONLY.test(t);
}

export function localDay(t: string): string | null {
  return /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : null;
}

export function localTime(t: string): string | null {
  return isAllDay(t) ? null : t.slice(11, 16) || null;
}

export function instantOf(t: string): number | null {
  const v = Date.parse(isAllDay(t) ? `${t}T00:00:00Z` : t);
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
export function daysOf(start: string, end: string): string[] {
  const first = localDay(start);
  if (!first) return [];
  if (!isAllDay(start)) return [first];
  const last = localDay(end);
  const days = [first];
  for (let d = addDays(first, 1); last && d < last && days.length < 366; d = addDays(d, 1)) days.push(d);
  return days;
}

/** An instant written with the offset of `like` ("…+01:00" or "…Z"), as a person moving an entry keeps its zone. */
export function withOffsetOf(instantMs: number, like: string): string {
  const m = like.match(/(Z|[+-]\d{2}:\d{2})$/i);
  const offset = m?.[1]?.toUpperCase() ?? "Z";
  const minutes = offset === "Z" ? 0 : (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(instantMs + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offset === "Z" ? "Z" : offset}`;
}
