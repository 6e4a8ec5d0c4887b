// Graph takes time zones as IANA names or Windows names; the sandbox knows every
// IANA name and the Windows names people commonly use.
import { TZDate } from "@date-fns/tz";

const WINDOWS: Record<string, string> = {
  UTC: "UTC",
  "W. Europe Standard Time": "Europe/Berlin",
  "Central Europe Standard Time": "Europe/Budapest",
  "Romance Standard Time": "Europe/Paris",
  "GMT Standard Time": "Europe/London",
  "Pacific Standard Time": "America/Los_Angeles",
  "Mountain Standard Time": "America/Denver",
  "Central Standard Time": "America/Chicago",
  "Eastern Standard Time": "America/New_York",
  "Tokyo Standard Time": "Asia/Tokyo",
};

/** The IANA zone a Graph timeZone names, or null for one Graph would refuse. */
export function ianaZone(name: string | undefined): string | null {
  if (!name) return "UTC";
  if (WINDOWS[name]) return WINDOWS[name]!;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return name;
  } catch {
    return null;
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** The instant a wall time names in a zone (ISO, UTC), or null when it is not a wall time. */
export function wallToInstant(dateTime: string, zone: string): string | null {
  const m = LOCAL.exec(dateTime);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  return new Date(new TZDate(y, mo - 1, d, h, mi, s, zone).getTime()).toISOString();
}

/** Graph's way of writing an instant in a zone: wall time with seven decimals, no offset. */
export function instantToWall(instant: string, zone: string): string {
  const t = new TZDate(Date.parse(instant), zone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}.0000000`;
}
