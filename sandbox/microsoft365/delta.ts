// The calendar view's delta query: the first call (startDateTime, endDateTime)
// lists the entries in the window, page by page (@odata.nextLink with a
// $skiptoken), and ends with an @odata.deltaLink; calling that returns what
// changed since, deleted or moved-out entries as {"@removed"}. A token the
// sandbox was told to expire answers 410 SyncStateNotFound, as Graph does when
// it no longer keeps the sync state.
import type { Ctx } from "../core/context";
import { first } from "../core/context";
import { randomToken } from "../core/ids";
import { sendJson } from "../core/respond";
import { authorize, graphBase, prefer } from "./call";
import { entryView } from "./entries";
import { graphError } from "./errors";
import { findCalendar } from "./graph-events";
import type { DeltaToken, Entry, Microsoft365State } from "./state";

const DEFAULT_PAGE = 10;

const inWindow = (e: Entry, t: DeltaToken) => !e.deleted && Date.parse(e.endsAt) > Date.parse(t.start) && Date.parse(e.startsAt) < Date.parse(t.end);

function answer(ctx: Ctx, state: Microsoft365State, calendarId: string, ids: string[], removed: string[], token: DeltaToken): void {
  const p = prefer(ctx);
  const size = Math.min(Math.max(p.maxPageSize ?? DEFAULT_PAGE, 1), 1000);
  const all = [...ids.map((id) => ({ id, removed: false })), ...removed.map((id) => ({ id, removed: true }))];
  const pageItems = all.slice(0, size);
  const rest = all.slice(size);
  const base = `${graphBase(ctx)}/me/calendars/${encodeURIComponent(calendarId)}/calendarView/delta`;
  const value = pageItems.map((item) => (item.removed ? { "@odata.type": "#microsoft.graph.event", id: item.id, "@removed": { reason: "deleted" } } : entryView(ctx.rt, state, state.entries.get(item.id)!, p.timeZone)));
  const context = `${graphBase(ctx)}/$metadata#Collection(event)`;
  if (rest.length) {
    const skip = randomToken(18);
    state.deltaPages.set(skip, { items: rest.filter((r) => !r.removed).map((r) => r.id), removed: rest.filter((r) => r.removed).map((r) => r.id), token, prefs: { utc: true } });
    return sendJson(ctx, 200, { "@odata.context": context, "@odata.nextLink": `${base}?$skiptoken=${skip}`, value });
  }
  const delta = randomToken(18);
  state.deltaTokens.set(delta, { ...token, seq: state.seq });
  sendJson(ctx, 200, { "@odata.context": context, "@odata.deltaLink": `${base}?$deltatoken=${delta}`, value });
}

export function calendarViewDelta(ctx: Ctx, calendarId: string): void {
  const call = authorize(ctx, "events.delta", "Calendars.Read");
  if (!call) return;
  const { state } = call;
  const calendar = findCalendar(state, calendarId);
  if (!calendar) return graphError(ctx, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
  const skip = first(ctx.query.$skiptoken);
  const deltaToken = first(ctx.query.$deltatoken);
  if (skip !== undefined) {
    const pending = state.deltaPages.get(skip);
    if (!pending) return graphError(ctx, 410, "SyncStateNotFound", "The sync state generation is not found.");
    state.deltaPages.delete(skip);
    return answer(ctx, state, calendar.id, pending.items, pending.removed, pending.token);
  }
  if (deltaToken !== undefined) {
    const token = state.deltaTokens.get(deltaToken);
    if (!token || token.expired || token.calendarId !== calendar.id) return graphError(ctx, 410, "SyncStateNotFound", "The sync state generation is not found.");
    const changed = [...state.entries.values()].filter((e) => e.calendarId === calendar.id && e.seq > token.seq);
    return answer(
      ctx,
      state,
      calendar.id,
      changed.filter((e) => inWindow(e, token)).map((e) => e.id),
      changed.filter((e) => !inWindow(e, token)).map((e) => e.id),
      token,
    );
  }
  const start = first(ctx.query.startDateTime);
  const end = first(ctx.query.endDateTime);
  if (!start || !end || Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) {
    return graphError(ctx, 400, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
  }
  const token: DeltaToken = { calendarId: calendar.id, start: new Date(start).toISOString(), end: new Date(end).toISOString(), seq: state.seq, expired: false };
  const ids = [...state.entries.values()].filter((e) => e.calendarId === calendar.id && inWindow(e, token)).sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map((e) => e.id);
  answer(ctx, state, calendar.id, ids, [], token);
}
