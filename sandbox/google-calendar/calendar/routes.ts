// Calendar v3 under /google-calendar/calendar/v3: find the method, authenticate, check scopes,
// check the request against the discovery document, then run the method.
import { bearerToken, type Ctx } from "../../core/context";
import { compileTemplate } from "../../core/path-template";
import { record } from "../../core/record";
import { NOT_CHECKED, type ValidationOutcome } from "../../core/validation-outcome";
import { apiError, simpleError } from "../errors";
import { refuse } from "../refusal";
import { GOOGLE_TOKENS } from "../tokens";
import { getCalendar, listCalendars } from "./calendars";
import { isObj, type CalendarCall } from "./call";
import { deleteEvent, getEvent, insertEvent, patchEvent, updateEvent } from "./events";
import { listEvents } from "./list-events";
import { FREE_BUSY_SCOPES, freeBusyQuery } from "./free-busy";
import { stopChannel, watchEvents } from "./watch";
import { CALENDAR_SPEC } from "../spec";
import { CALENDAR_STATE } from "../state";

const AUTH = "https://www.googleapis.com/auth/";
const LIST_SCOPES = ["calendar", "calendar.readonly", "calendar.calendarlist", "calendar.calendarlist.readonly"].map((s) => AUTH + s);
const READ_SCOPES = ["calendar", "calendar.readonly", "calendar.events", "calendar.events.readonly", "calendar.events.owned", "calendar.events.owned.readonly"].map((s) => AUTH + s);
const WRITE_SCOPES = ["calendar", "calendar.events", "calendar.events.owned"].map((s) => AUTH + s);

interface Route {
  id: string;
  method: string;
  template: string;
  match: ReturnType<typeof compileTemplate>;
  /** Any one grants the method (current Google scopes, newer than the discovery file's list). */
  scopes: string[];
  run: (call: CalendarCall) => void;
}

const route = (id: string, method: string, template: string, scopes: string[], run: Route["run"]): Route => ({ id, method, template, match: compileTemplate(template), scopes, run });

const ROUTES: Route[] = [
  route("calendar.calendarList.list", "GET", "users/me/calendarList", LIST_SCOPES, listCalendars),
  route("calendar.calendarList.get", "GET", "users/me/calendarList/{calendarId}", LIST_SCOPES, getCalendar),
  route("calendar.events.list", "GET", "calendars/{calendarId}/events", READ_SCOPES, listEvents),
  route("calendar.events.insert", "POST", "calendars/{calendarId}/events", WRITE_SCOPES, insertEvent),
  route("calendar.events.get", "GET", "calendars/{calendarId}/events/{eventId}", READ_SCOPES, getEvent),
  route("calendar.events.update", "PUT", "calendars/{calendarId}/events/{eventId}", WRITE_SCOPES, updateEvent),
  route("calendar.events.patch", "PATCH", "calendars/{calendarId}/events/{eventId}", WRITE_SCOPES, patchEvent),
  route("calendar.events.delete", "DELETE", "calendars/{calendarId}/events/{eventId}", WRITE_SCOPES, deleteEvent),
  route("calendar.freebusy.query", "POST", "freeBusy", FREE_BUSY_SCOPES, freeBusyQuery),
  route("calendar.events.watch", "POST", "calendars/{calendarId}/events/watch", READ_SCOPES, watchEvents),
  route("calendar.channels.stop", "POST", "channels/stop", [...READ_SCOPES, `${AUTH}calendar.settings.readonly`], stopChannel),
];

/** What is emulated, so a test can hold it to the discovery document's paths and methods. */
export const EMULATED_CALENDAR_METHODS = ROUTES.map(({ id, method, template }) => ({ id, method, template }));

const UNAUTHENTICATED =
  "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

export async function handleCalendar(ctx: Ctx, relative: string): Promise<void> {
  const discovery = await ctx.rt.specs.load(CALENDAR_SPEC);
  const found = ROUTES.map((r) => ({ r, path: r.method === ctx.method ? r.match(relative) : null })).find((x) => x.path);
  if (!found?.path) {
    const known = discovery?.find(ctx.method, relative);
    record(ctx, known ? `google ${known.method.id}` : null, known ? { checked: true, issues: [], notes: ["in the discovery document, but not emulated by the sandbox"] } : undefined);
    return simpleError(ctx, 404, known ? `${known.method.id} is not emulated by the sandbox.` : "Not Found", "notFound");
  }
  const { r, path } = found;
  const now = ctx.rt.clock.now();
  const grant = GOOGLE_TOKENS.grantForAccessToken(CALENDAR_STATE.of(ctx.rt), bearerToken(ctx), now);
  if (!grant) {
    record(ctx, `google ${r.id}`);
    return apiError(ctx, 401, UNAUTHENTICATED, [{ message: "Invalid Credentials", domain: "global", reason: "authError", location: "Authorization", locationType: "header" }], {
      headers: { "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    });
  }
  if (!r.scopes.some((s) => grant.scopes.includes(s))) {
    record(ctx, `google ${r.id}`);
    return apiError(ctx, 403, "Request had insufficient authentication scopes.", [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }], {
      headers: { "WWW-Authenticate": `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${r.scopes.join(" ")}"` },
      details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT", domain: "googleapis.com", metadata: { service: "calendar-json.googleapis.com", method: r.id } }],
    });
  }
  if (ctx.body.kind === "invalid" || ctx.body.kind === "other") {
    record(ctx, `google ${r.id}`);
    return simpleError(ctx, 400, "Parse Error", "parseError");
  }
  const body = ctx.body.kind === "json" ? ctx.body.value : undefined;
  let validation: ValidationOutcome = NOT_CHECKED;
  if (discovery) validation = discovery.validate(r.id, { pathParams: path, query: ctx.query, body });
  record(ctx, `google ${r.id}`, validation);
  if (validation.issues.length > 0) return refuse(ctx, validation.issues);
  if (body !== undefined && !isObj(body)) return simpleError(ctx, 400, "Parse Error", "parseError");
  r.run({ ctx, state: CALENDAR_STATE.of(ctx.rt), grant, path, query: ctx.query, body: body ?? {}, now });
}
