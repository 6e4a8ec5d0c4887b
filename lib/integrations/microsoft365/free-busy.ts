// Free/busy through getSchedule: the account's own calendar and the rooms or
// people listed in settings, in one request.
import type { BusyInterval, FreeBusyCapability } from "../contract/calendar";
import { addressOf, graph, me } from "./calendars";
import type { DateTimeTimeZone } from "./graph-types";
import type { Microsoft365Context } from "./manifest";

interface ScheduleInformation {
  scheduleId: string;
  scheduleItems?: Array<{ status: string; start: DateTimeTimeZone; end: DateTimeTimeZone }>;
  error?: { message?: string };
}

const BUSY = new Set(["busy", "tentative", "oof", "workingElsewhere"]);

const utc = (iso: string): DateTimeTimeZone => ({ dateTime: new Date(iso).toISOString().replace(/Z$/, ""), timeZone: "UTC" });

export function extraCalendars(setting: string): string[] {
  return setting.split(",").map((s) => s.trim()).filter(Boolean);
}

export const freeBusy: FreeBusyCapability<Microsoft365Context> = {
  async busy(ctx, range, signal) {
    const owner = addressOf(await ctx.call("users.me", (s) => me(ctx, AbortSignal.any([s, signal]))));
    const body = { schedules: [owner, ...extraCalendars(ctx.settings.freeBusyCalendars)], startTime: utc(range.from), endTime: utc(range.to), availabilityViewInterval: 15 };
    const res = await ctx.call("calendar.getSchedule", (s) =>
      graph(ctx).api("me/calendar/getSchedule").header("Prefer", 'outlook.timezone="UTC"').option("signal", AbortSignal.any([s, signal])).post(body) as Promise<{ value: ScheduleInformation[] }>,
    );
    return res.value.flatMap((info): BusyInterval[] =>
      (info.scheduleItems ?? [])
        .filter((item) => BUSY.has(item.status))
        .map((item) => ({ start: new Date(`${item.start.dateTime.replace(/Z$/, "")}Z`).toISOString(), end: new Date(`${item.end.dateTime.replace(/Z$/, "")}Z`).toISOString(), calendar: info.scheduleId })),
    );
  },
};
