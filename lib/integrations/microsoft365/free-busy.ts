// Free/busy through getSchedule: the account's own calendar and the rooms or
// people listed in settings, in one request.
import { extraCalendars } from "../calendar-settings";
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

export const freeBusy: FreeBusyCapability<Microsoft365Context> = {
  async busy(ctx, range, signal) {
    const owner = addressOf(await ctx.call("users.me", (s) => me(ctx, AbortSignal.any([s, signal]))));
    const body = { schedules: [owner, ...extraCalendars(ctx.settings.freeBusyCalendars)], startTime: utc(range.from), endTime: utc(range.to), availabilityViewInterval: 15 };
    const res = await ctx.call("calendar.getSchedule", (s) =>
      graph(ctx).api("me/calendar/getSchedule").header("Prefer", 'outlook.timezone="UTC"').option("signal", AbortSignal.any([s, signal])).post(body) as Promise<{ value: ScheduleInformation[] }>,
    );
    const instant = (t: DateTimeTimeZone) => new Date(`${t.dateTime.replace(/Z$/, "")}Z`).toISOString();
    return {
      busy: res.value.flatMap((info): BusyInterval[] =>
        (info.scheduleItems ?? []).filter((item) => BUSY.has(item.status)).map((item) => ({ start: instant(item.start), end: instant(item.end), calendar: info.scheduleId })),
      ),
      // One unknown room or hidden calendar is named on its own rather than failing the whole check.
      unchecked: res.value.filter((info) => info.error).map((info) => ({ calendar: info.scheduleId, reason: info.error?.message ?? "Microsoft 365 could not read this calendar" })),
    };
  },
};
