import { pick } from "../core/ids";

const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

/** Google Calendar event ids are base32hex, lowercase. */
export function calendarEventId(): string {
  return pick(BASE32HEX, 26);
}
