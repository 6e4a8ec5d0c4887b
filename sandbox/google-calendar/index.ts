// Google Calendar under /google-calendar: Calendar v3 at /google-calendar/calendar/v3/…
// (and at /calendar/v3/…, see rootPaths), and the OAuth endpoints Google spreads over
// several hosts, gathered under the same prefix.
import type { Ctx } from "../core/context";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { apiError, faultText, oauthError } from "./errors";
import { handleCalendar } from "./calendar/routes";
import { handleCerts, handleRevoke, handleTokenInfo, handleUserinfo } from "./oauth/account";
import { handleGoogleConsent } from "./oauth/consent";
import { handleDiscovery } from "./oauth/discovery";
import { handleToken } from "./oauth/token";
import { CALENDAR_CONTROL } from "./control";
import { calendarCredentials } from "./credentials";
import { calendarInbox } from "./inbox-model";
import { calendarSection } from "./inbox-view";
import { CALENDAR_SPEC } from "./spec";
import { CALENDAR_STATE } from "./state";
import { googleWeek } from "./week-entries";

const CSS = `
tr.cancelled td{text-decoration:line-through;opacity:.6}
`;

const OAUTH_ROUTES: Record<string, Record<string, (ctx: Ctx) => void | Promise<void>>> = {
  "/o/oauth2/v2/auth": { GET: handleGoogleConsent, POST: handleGoogleConsent },
  "/token": { POST: handleToken },
  "/revoke": { POST: handleRevoke, GET: handleRevoke },
  "/oauth2/v3/userinfo": { GET: handleUserinfo, POST: handleUserinfo },
  "/tokeninfo": { GET: handleTokenInfo, POST: handleTokenInfo },
  "/oauth2/v3/certs": { GET: handleCerts },
  "/.well-known/openid-configuration": { GET: handleDiscovery },
};

/** The token endpoints answer errors in OAuth's shape, the APIs in Google's JSON error shape. */
function isOAuthPath(subpath: string): boolean {
  return subpath.startsWith("/token") || subpath.startsWith("/revoke") || subpath.startsWith("/tokeninfo") || subpath.startsWith("/oauth2/");
}

/** Google's JSON error shape, or OAuth's on the token endpoints. */
function fail(ctx: Ctx, status: number, retryAfterSeconds?: number): void {
  const headers: Record<string, string> = retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {};
  if (isOAuthPath(ctx.subpath)) {
    if (retryAfterSeconds !== undefined) ctx.res.setHeader("Retry-After", String(retryAfterSeconds));
    return oauthError(ctx, status, status >= 500 ? "internal_failure" : status === 429 ? "rate_limit_exceeded" : "invalid_request", faultText(status)[0]);
  }
  const [message, reason] = faultText(status);
  apiError(ctx, status, message, [{ domain: status === 429 ? "usageLimits" : "global", reason, message }], { headers });
}

export const googleCalendarModule = defineProvider({
  name: "google-calendar",
  state: CALENDAR_STATE,
  /**
   * googleapis keeps only the origin of a client-wide rootUrl (it resolves "/calendar/v3/…"
   * against it), so Calendar calls made with rootUrl `${url}/google-calendar/` arrive at the root.
   */
  rootPaths: ["/calendar/v3/"],
  specs: [CALENDAR_SPEC],
  credentials: calendarCredentials,
  control: CALENDAR_CONTROL,
  calendar: googleWeek,
  inbox: {
    json: calendarInbox,
    section: {
      anchor: "calendar",
      label: "Calendar",
      note: "Google Calendar",
      count: (state) => calendarInbox(state).events.length,
      render: (state) => calendarSection(calendarInbox(state).events, state.pushes.deliveries),
      css: CSS,
      links: [
        ["/_sandbox/calendar/entries", "calendar entries (JSON)"],
        ["/_sandbox/google-calendar/channels", "Google push channels"],
        ["/_sandbox/google-calendar/pushes", "Google push notifications"],
      ],
    },
  },
  async handle(ctx) {
    const calendar = ctx.subpath.match(/^\/calendar\/v3\/(.*)$/);
    if (calendar) return handleCalendar(ctx, calendar[1]!.replace(/\/$/, ""));
    const route = OAUTH_ROUTES[ctx.subpath.replace(/\/$/, "")];
    const handler = route?.[ctx.method];
    if (handler) return handler(ctx);
    record(ctx, null);
    if (route) return apiError(ctx, 405, "Method Not Allowed", [{ domain: "global", reason: "httpMethodNotAllowed", message: "Method Not Allowed" }]);
    fail(ctx, 404);
  },
  fail,
});
