// Microsoft 365 under /microsoft365: Graph v1.0 at /microsoft365/v1.0/… and the
// identity platform at /microsoft365/{tenant}/oauth2/v2.0/…. Request bodies are
// checked against Graph's CSDL (../shared/specs/microsoft/graph-v1.0.csdl).
import { outlookWeek } from "./week-entries";
import type { Ctx } from "../core/context";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { MICROSOFT365_CONTROL } from "./control";
import { microsoft365Credentials } from "./credentials";
import { calendarViewDelta } from "./delta";
import { faultError, graphError } from "./errors";
import { createEvent, eventById, getCalendar, getMe, listCalendars, listEvents } from "./graph-events";
import { microsoft365Inbox, microsoft365Section } from "./inbox";
import { handleAuthorize, handleToken } from "./oauth";
import { getSchedule } from "./schedule";
import { handleDiscovery, handleKeys, handleUserinfo } from "./sign-in";
import { GRAPH_SPEC } from "../validation/graph-spec";
import { MICROSOFT365_STATE } from "./state";
import { createSubscription, subscriptionById } from "./subscriptions";

const CSS = `tr.deleted td{text-decoration:line-through;opacity:.6}`;

async function graph(ctx: Ctx, path: string): Promise<void> {
  const m = ctx.method;
  const seg = (re: RegExp) => re.exec(path)?.[1];
  if (path === "me" && m === "GET") return getMe(ctx);
  if (path === "me/calendars" && m === "GET") return listCalendars(ctx);
  if (path === "me/calendar" && m === "GET") return getCalendar(ctx, "calendar");
  if (path === "me/calendar/getSchedule" && m === "POST") return getSchedule(ctx);
  const calendar = seg(/^me\/calendars\/([^/]+)$/);
  if (calendar !== undefined && m === "GET") return getCalendar(ctx, decodeURIComponent(calendar));
  const events = path === "me/calendar/events" || path === "me/events" ? "calendar" : seg(/^me\/calendars\/([^/]+)\/events$/);
  if (events !== undefined && m === "POST") return createEvent(ctx, decodeURIComponent(events));
  if (events !== undefined && m === "GET") return listEvents(ctx, decodeURIComponent(events));
  const delta = path === "me/calendar/calendarView/delta" || path === "me/calendarView/delta" ? "calendar" : seg(/^me\/calendars\/([^/]+)\/calendarView\/delta$/);
  if (delta !== undefined && m === "GET") return calendarViewDelta(ctx, decodeURIComponent(delta));
  const event = seg(/^me\/(?:calendars\/[^/]+\/)?events\/([^/]+)$/);
  if (event !== undefined && ["GET", "PATCH", "DELETE"].includes(m)) return eventById(ctx, decodeURIComponent(event));
  if (path === "subscriptions" && m === "POST") return createSubscription(ctx);
  const sub = seg(/^subscriptions\/([^/]+)$/);
  if (sub !== undefined && ["GET", "PATCH", "DELETE"].includes(m)) return subscriptionById(ctx, decodeURIComponent(sub));
  record(ctx, null);
  graphError(ctx, 400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`);
}

export const microsoft365Module = defineProvider({
  name: "microsoft365",
  state: MICROSOFT365_STATE,
  calendar: outlookWeek,
  specs: [GRAPH_SPEC],
  credentials: microsoft365Credentials,
  control: MICROSOFT365_CONTROL,
  inbox: {
    json: microsoft365Inbox,
    section: {
      anchor: "outlook",
      label: "Outlook",
      note: "Microsoft 365",
      count: (state) => [...state.entries.values()].filter((e) => !e.deleted).length,
      render: (state) => microsoft365Section(state),
      css: CSS,
      links: [["/_sandbox/microsoft365/subscriptions", "Graph subscriptions and notifications (JSON)"]],
    },
  },
  async handle(ctx) {
    const p = ctx.subpath.replace(/\/$/, "");
    const api = /^\/v1\.0\/(.+)$/.exec(p);
    if (api) return graph(ctx, api[1]!);
    if (p === "/oidc/userinfo" && (ctx.method === "GET" || ctx.method === "POST")) return handleUserinfo(ctx);
    const openid = /^\/([A-Za-z0-9.-]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/.exec(p);
    if (openid && ctx.method === "GET") return openid[2] === "discovery/v2.0/keys" ? handleKeys(ctx, openid[1]!) : handleDiscovery(ctx, openid[1]!);
    const identity = /^\/([A-Za-z0-9.-]+)\/oauth2\/v2\.0\/(authorize|token)$/.exec(p);
    if (identity?.[2] === "authorize" && (ctx.method === "GET" || ctx.method === "POST")) return handleAuthorize(ctx, identity[1]!);
    if (identity?.[2] === "token" && ctx.method === "POST") return handleToken(ctx, identity[1]!);
    record(ctx, null);
    sendJson(ctx, 404, { error: { code: "NotFound", message: "Not found." } });
  },
  fail(ctx, status, retryAfterSeconds) {
    const headers: Record<string, string> = retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {};
    if (/\/oauth2\/v2\.0\//.test(ctx.subpath)) {
      return sendJson(ctx, status, { error: status === 429 ? "temporarily_unavailable" : "server_error", error_description: `AADSTS90033: A transient error has occurred. (${status})` }, headers);
    }
    const [code, message] = faultError(status);
    graphError(ctx, status, code, message, headers);
  },
});
