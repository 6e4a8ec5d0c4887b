// Calendars and their entries: GET /me, /me/calendars, /me/calendar;
// POST/GET /me/calendars/{id}/events (and /me/calendar/events); GET/PATCH/DELETE /me/events/{id}.
import type { Ctx } from "../core/context";
import { sendEmpty, sendJson } from "../core/respond";
import { authorize, checkedBody, graphBase, prefer } from "./call";
import { applyFields, blankEntry, entryView, touched, type EntryFields } from "./entries";
import { graphError } from "./errors";
import type { Calendar, Microsoft365State } from "./state";

export function calendarView(ctx: Ctx, state: Microsoft365State, c: Calendar) {
  return {
    id: c.id,
    name: c.name,
    color: "auto",
    hexColor: "",
    isDefaultCalendar: c.isDefault,
    changeKey: "sbxCalendarChangeKey",
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: ["teamsForBusiness"],
    defaultOnlineMeetingProvider: "teamsForBusiness",
    isTallyingResponses: true,
    isRemovable: !c.isDefault,
    owner: { name: state.user.displayName, address: state.user.mail },
  };
}

export function findCalendar(state: Microsoft365State, id: string): Calendar | undefined {
  return id === "calendar" ? state.calendars.find((c) => c.isDefault) : state.calendars.find((c) => c.id === id);
}

export function getMe(ctx: Ctx): void {
  const call = authorize(ctx, "users.me", "User.Read");
  if (!call) return;
  const u = call.state.user;
  sendJson(ctx, 200, {
    "@odata.context": `${graphBase(ctx)}/$metadata#users/$entity`,
    businessPhones: [],
    displayName: u.displayName,
    givenName: "Sandbox",
    surname: "Organizer",
    jobTitle: null,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: "en-US",
    userPrincipalName: u.userPrincipalName,
    id: u.id,
  });
}

export function listCalendars(ctx: Ctx): void {
  const call = authorize(ctx, "calendars.list", "Calendars.Read");
  if (!call) return;
  sendJson(ctx, 200, { "@odata.context": `${graphBase(ctx)}/$metadata#users('${call.state.user.id}')/calendars`, value: call.state.calendars.map((c) => calendarView(ctx, call.state, c)) });
}

export function getCalendar(ctx: Ctx, id: string): void {
  const call = authorize(ctx, "calendars.get", "Calendars.Read");
  if (!call) return;
  const c = findCalendar(call.state, id);
  if (!c) return graphError(ctx, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
  sendJson(ctx, 200, { "@odata.context": `${graphBase(ctx)}/$metadata#users('${call.state.user.id}')/calendars/$entity`, ...calendarView(ctx, call.state, c) });
}

export async function createEvent(ctx: Ctx, calendarId: string): Promise<void> {
  const call = authorize(ctx, "events.create", "Calendars.ReadWrite");
  if (!call) return;
  const calendar = findCalendar(call.state, calendarId);
  if (!calendar) return graphError(ctx, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
  const fields = await checkedBody<EntryFields>(ctx, "events.create", "graph.event");
  if (!fields) return;
  const { state } = call;
  const zone = prefer(ctx).timeZone;
  const context = `${graphBase(ctx)}/$metadata#users('${state.user.id}')/calendars('${calendar.id}')/events/$entity`;
  // Graph answers a create repeating a transactionId with the entry the first one made.
  const key = fields.transactionId ? `${calendar.id}\n${fields.transactionId}` : null;
  const existing = key ? state.entries.get(state.transactions.get(key) ?? "") : undefined;
  if (existing && !existing.deleted) return sendJson(ctx, 201, { "@odata.context": context, ...entryView(ctx.rt, state, existing, zone) });
  if (!fields.start || !fields.end) return graphError(ctx, 400, "ErrorInvalidRequest", "Your request can't be completed. An event needs a start and an end.");
  const e = blankEntry(calendar.id, ctx.rt.clock.now());
  const refused = applyFields(e, fields);
  if (refused) return graphError(ctx, 400, refused.code, refused.error);
  e.transactionId = fields.transactionId ?? null;
  state.entries.set(e.id, e);
  if (key) state.transactions.set(key, e.id);
  // Graph tells subscribers after it answers; so does the sandbox.
  void touched(ctx.rt, state, e, "created");
  sendJson(ctx, 201, { "@odata.context": context, ...entryView(ctx.rt, state, e, zone) });
}

export function listEvents(ctx: Ctx, calendarId: string): void {
  const call = authorize(ctx, "events.list", "Calendars.Read");
  if (!call) return;
  const calendar = findCalendar(call.state, calendarId);
  if (!calendar) return graphError(ctx, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
  const zone = prefer(ctx).timeZone;
  const value = [...call.state.entries.values()].filter((e) => e.calendarId === calendar.id && !e.deleted).map((e) => entryView(ctx.rt, call.state, e, zone));
  sendJson(ctx, 200, { "@odata.context": `${graphBase(ctx)}/$metadata#users('${call.state.user.id}')/calendars('${calendar.id}')/events`, value });
}

function live(state: Microsoft365State, id: string) {
  const e = state.entries.get(id);
  return e && !e.deleted ? e : undefined;
}

export async function eventById(ctx: Ctx, id: string): Promise<void> {
  const operation = ctx.method === "GET" ? "events.get" : ctx.method === "PATCH" ? "events.update" : "events.delete";
  const call = authorize(ctx, operation, ctx.method === "GET" ? "Calendars.Read" : "Calendars.ReadWrite");
  if (!call) return;
  const { state } = call;
  const e = live(state, id);
  if (!e) return graphError(ctx, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
  const zone = prefer(ctx).timeZone;
  const context = `${graphBase(ctx)}/$metadata#users('${state.user.id}')/events/$entity`;
  if (ctx.method === "GET") return sendJson(ctx, 200, { "@odata.context": context, ...entryView(ctx.rt, state, e, zone) });
  if (ctx.method === "DELETE") {
    e.deleted = { at: new Date(ctx.rt.clock.now()).toISOString(), by: "api" };
    void touched(ctx.rt, state, e, "deleted");
    return sendEmpty(ctx, 204);
  }
  const fields = await checkedBody<EntryFields>(ctx, "events.update", "graph.event");
  if (!fields) return;
  const draft = structuredClone(e);
  const refused = applyFields(draft, fields);
  if (refused) return graphError(ctx, 400, refused.code, refused.error);
  Object.assign(e, draft);
  void touched(ctx.rt, state, e, "updated");
  sendJson(ctx, 200, { "@odata.context": context, ...entryView(ctx.rt, state, e, zone) });
}
