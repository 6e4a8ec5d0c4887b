// The settings every calendar connector offers under the same names, so the sync
// engine and the free/busy check read them alike and an admin reads them alike;
// each connector words what is its own (where the change is made, which ids name a room).
import { z } from "zod";

/** Which side wins when an entry is changed in the calendar (CalendarSyncPolicy). */
export function twoWaySyncSetting(calendarName: string) {
  return z
    .enum(["off", "switchboard", "calendar"])
    .default("switchboard")
    .meta({
      label: "When an entry is changed in the calendar",
      help: `Someone moves, renames or deletes an event's entry in ${calendarName}. Every change and what was done about it is listed on this page; a deleted entry asks you before the event is cancelled.`,
      choiceLabels: { off: "Ignore it", switchboard: "Switchboard wins: put it back", calendar: "Calendar wins: update the event" },
    });
}

/** The freeBusyCalendars setting as a list: comma- or space-separated ids, each once. */
export function extraCalendars(setting: string | undefined): string[] {
  return [...new Set((setting ?? "").split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

/** The extra calendars (rooms, resources) the free/busy check asks besides the chosen one; `max` is the provider's limit per question. */
export function freeBusyCalendarsSetting(opts: { max: number; help: string; placeholder: string }) {
  return z
    .string()
    .trim()
    .default("")
    .refine((v) => extraCalendars(v).length <= opts.max, `List at most ${opts.max} calendars`)
    .meta({ label: "Also check these calendars for conflicts (rooms, resources)", help: opts.help, input: "text", placeholder: opts.placeholder });
}
