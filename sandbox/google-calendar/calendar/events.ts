// Calendar events: insert, get, update, patch, delete. Deleting marks an event
// cancelled (a second delete is 410 Gone, as Google answers); unknown ids are 404.
import { first } from "../../core/context";
import { etag } from "../../core/ids";
import { sendEmpty, sendJson } from "../../core/respond";
import { apiError, simpleError } from "../errors";
import type { StoredEvent } from "../state";
import type { CalendarCall } from "./call";
import { resolveCalendar } from "./calendars";
import { recordChange } from "./changes";
import { EVENT_ID, newEvent, revisedEvent } from "./event-resource";
import { eventProblems } from "./event-rules";

function calendarEvents(call: CalendarCall) {
  const calendar = resolveCalendar(call.state, call.path.calendarId);
  if (!calendar) return null;
  let events = call.state.events.get(calendar.id);
  if (!events) call.state.events.set(calendar.id, (events = new Map()));
  return { calendar, events };
}

function notFound(call: CalendarCall): void {
  simpleError(call.ctx, 404, "Not Found", "notFound");
}

function findEvent(call: CalendarCall): StoredEvent | null | undefined {
  const found = calendarEvents(call);
  if (!found) return null;
  return found.events.get(call.path.eventId ?? "");
}

function refuseProblems(call: CalendarCall, resource: Record<string, unknown>): boolean {
  const problems = eventProblems(resource);
  if (problems.length === 0) return false;
  apiError(call.ctx, 400, problems[0]!.message, problems);
  return true;
}

export function insertEvent(call: CalendarCall): void {
  const found = calendarEvents(call);
  if (!found) return notFound(call);
  const { body } = call;
  if (body.id !== undefined) {
    if (typeof body.id !== "string" || !EVENT_ID.test(body.id)) return simpleError(call.ctx, 400, "Invalid resource id value.", "invalid");
    if (found.events.has(body.id)) return simpleError(call.ctx, 409, "The requested identifier already exists.", "duplicate");
  }
  const resource = newEvent(call.state, found.calendar, body, call.now);
  if (refuseProblems(call, resource)) return;
  const stored: StoredEvent = { calendarId: found.calendar.id, resource, sendUpdates: first(call.query.sendUpdates) ?? null, seq: 0 };
  found.events.set(String(resource.id), stored);
  sendJson(call.ctx, 200, resource);
  recordChange(call.ctx.rt, call.state, stored);
}

export function getEvent(call: CalendarCall): void {
  const event = findEvent(call);
  if (!event) return notFound(call);
  // A cancelled event is still returned, with status "cancelled", as Google does.
  sendJson(call.ctx, 200, event.resource);
}

function revise(call: CalendarCall, mode: "update" | "patch"): void {
  const event = findEvent(call);
  if (!event) return notFound(call);
  const resource = revisedEvent(call.state, event.resource, call.body, mode, call.now);
  if (refuseProblems(call, resource)) return;
  event.resource = resource;
  event.sendUpdates = first(call.query.sendUpdates) ?? null;
  sendJson(call.ctx, 200, resource);
  recordChange(call.ctx.rt, call.state, event);
}

/** What a delete leaves: the event, cancelled, with a new etag as after any write. */
export function cancelledEvent(resource: StoredEvent["resource"], now: number): StoredEvent["resource"] {
  return { ...resource, status: "cancelled", etag: etag(), updated: new Date(now).toISOString() };
}

export const updateEvent = (call: CalendarCall) => revise(call, "update");
export const patchEvent = (call: CalendarCall) => revise(call, "patch");

export function deleteEvent(call: CalendarCall): void {
  const event = findEvent(call);
  if (!event) return notFound(call);
  if (event.resource.status === "cancelled") return simpleError(call.ctx, 410, "Resource has been deleted", "deleted");
  event.resource = cancelledEvent(event.resource, call.now);
  event.sendUpdates = first(call.query.sendUpdates) ?? null;
  sendEmpty(call.ctx, 204);
  recordChange(call.ctx.rt, call.state, event);
}
