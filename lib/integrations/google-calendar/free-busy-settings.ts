// What the manifest needs of free/busy, as data (no SDK): the scope freebusy.query
// is asked with, and the setting naming the extra calendars (rooms, resources).
import { z } from "zod";

/** The narrowest scope freebusy.query accepts; connections made before it was asked for lack it. */
export const FREE_BUSY_SCOPE = "https://www.googleapis.com/auth/calendar.freebusy";

/** Google answers at most 50 calendars per query: the chosen one and 49 more. */
export const MAX_FREE_BUSY_CALENDARS = 50;

/** The freeBusyCalendars setting as a list: comma- or space-separated ids, each once. */
export function extraCalendars(setting: string | undefined): string[] {
  return [...new Set((setting ?? "").split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

/** The freeBusyCalendars settings field (its name is shared by every calendar connector). */
export const freeBusyCalendarsField = z
  .string()
  .trim()
  .default("")
  .refine((v) => extraCalendars(v).length < MAX_FREE_BUSY_CALENDARS, `List at most ${MAX_FREE_BUSY_CALENDARS - 1} calendars`)
  .meta({
    label: "Also check these calendars for conflicts (rooms, resources)",
    help: "Calendar ids or room e-mail addresses, separated by commas, such as room-atrium@resource.calendar.google.com. The event form warns when one of them is busy at the chosen time.",
    input: "text",
    placeholder: "room-atrium@resource.calendar.google.com",
  });
