// POST /me/calendar/getSchedule: free/busy of the user (their entries) and of
// the rooms and people in the directory (busy blocks set through the control
// API), with Graph's availabilityView string (0 free, 1 tentative, 2 busy, 3 oof, 4 working elsewhere).
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";
import { authorize, checkedBody, graphBase, prefer } from "./call";
import { graphError } from "./errors";
import { instantOf } from "./entries";
import type { Busy, DateTimeTimeZone } from "./state";
import { ianaZone, instantToWall } from "./zones";

interface ScheduleRequest {
  schedules?: string[];
  startTime?: DateTimeTimeZone;
  endTime?: DateTimeTimeZone;
  availabilityViewInterval?: number;
}

const CODE: Record<Busy["status"], string> = { free: "0", tentative: "1", busy: "2", oof: "3", workingElsewhere: "4" };

export async function getSchedule(ctx: Ctx): Promise<void> {
  const call = authorize(ctx, "calendar.getSchedule", "Calendars.Read");
  if (!call) return;
  const body = await checkedBody<ScheduleRequest>(ctx, "calendar.getSchedule", "action:getSchedule");
  if (!body) return;
  const { state } = call;
  // Parameter names are case-insensitive in Graph.
  const get = <T,>(name: string) => Object.entries(body).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] as T | undefined;
  const schedules = get<string[]>("schedules");
  const startTime = get<DateTimeTimeZone>("startTime");
  const endTime = get<DateTimeTimeZone>("endTime");
  const interval = get<number>("availabilityViewInterval") ?? 30;
  if (!schedules?.length) return graphError(ctx, 400, "ErrorInvalidParameter", "Schedules is required.");
  if (schedules.length > 20) return graphError(ctx, 400, "ErrorInvalidParameter", "At most 20 schedules can be asked at once.");
  const from = instantOf(startTime, "startTime");
  const to = instantOf(endTime, "endTime");
  if (typeof from !== "string") return graphError(ctx, 400, from.code, from.error);
  if (typeof to !== "string") return graphError(ctx, 400, to.code, to.error);
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440) return graphError(ctx, 400, "ErrorInvalidParameter", "availabilityViewInterval must be between 5 and 1440 minutes.");
  const zoneName = prefer(ctx).timeZone ?? startTime?.timeZone ?? "UTC";
  const zone = ianaZone(zoneName) ?? "UTC";
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const overlaps = (s: string, e: string) => Date.parse(e) > fromMs && Date.parse(s) < toMs;

  const value = schedules.map((address) => {
    const id = address.toLowerCase();
    let items: Array<{ start: string; end: string; status: Busy["status"]; subject: string; location: string }>;
    if (id === state.user.mail.toLowerCase()) {
      items = [...state.entries.values()].filter((e) => !e.deleted && overlaps(e.startsAt, e.endsAt)).map((e) => ({ start: e.startsAt, end: e.endsAt, status: "busy", subject: e.subject, location: e.location }));
      items.push(...state.busy.filter((b) => b.schedule.toLowerCase() === id && overlaps(b.start, b.end)).map((b) => ({ ...b, location: "" })));
    } else if (state.directory.includes(id) || state.busy.some((b) => b.schedule.toLowerCase() === id)) {
      items = state.busy.filter((b) => b.schedule.toLowerCase() === id && overlaps(b.start, b.end)).map((b) => ({ ...b, location: "" }));
    } else {
      return { scheduleId: address, availabilityView: "", error: { message: `The specified recipient ${address} could not be found.`, responseCode: "ErrorMailRecipientNotFound" } };
    }
    let view = "";
    for (let t = fromMs; t < toMs; t += interval * 60_000) {
      const slotEnd = t + interval * 60_000;
      const hits = items.filter((i) => Date.parse(i.start) < slotEnd && Date.parse(i.end) > t).map((i) => Number(CODE[i.status]));
      view += String(hits.length ? Math.max(...hits) : 0);
    }
    return {
      scheduleId: address,
      availabilityView: view,
      scheduleItems: items.map((i) => ({
        isPrivate: false,
        status: i.status,
        subject: i.subject,
        location: i.location,
        isMeeting: false,
        isRecurring: false,
        isException: false,
        isReminderSet: false,
        start: { dateTime: instantToWall(i.start, zone), timeZone: zoneName },
        end: { dateTime: instantToWall(i.end, zone), timeZone: zoneName },
      })),
      workingHours: { daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"], startTime: "08:00:00.0000000", endTime: "17:00:00.0000000", timeZone: { name: "W. Europe Standard Time" } },
    };
  });
  sendJson(ctx, 200, { "@odata.context": `${graphBase(ctx)}/$metadata#Collection(microsoft.graph.scheduleInformation)`, value });
}
