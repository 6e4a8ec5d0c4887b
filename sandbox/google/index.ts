// Google under /google: Calendar v3 at /google/calendar/v3/… (and at /calendar/v3/…,
// see dispatch.ts), and the OAuth endpoints Google spreads over several hosts,
// gathered under the same prefix.
import type { Ctx } from "../core/context";
import type { ProviderModule } from "../core/provider-module";
import { record } from "../core/record";
import { apiError, faultText, oauthError } from "./errors";
import { handleCalendar } from "./calendar/routes";
import { handleCerts, handleRevoke, handleTokenInfo, handleUserinfo } from "./oauth/account";
import { handleGoogleConsent } from "./oauth/consent";
import { handleToken } from "./oauth/token";

const OAUTH_ROUTES: Record<string, Record<string, (ctx: Ctx) => void | Promise<void>>> = {
  "/o/oauth2/v2/auth": { GET: handleGoogleConsent, POST: handleGoogleConsent },
  "/token": { POST: handleToken },
  "/revoke": { POST: handleRevoke, GET: handleRevoke },
  "/oauth2/v3/userinfo": { GET: handleUserinfo, POST: handleUserinfo },
  "/tokeninfo": { GET: handleTokenInfo, POST: handleTokenInfo },
  "/oauth2/v3/certs": { GET: handleCerts },
};

/** The token endpoints answer errors in OAuth's shape, the APIs in Google's JSON error shape. */
function isOAuthPath(subpath: string): boolean {
  return subpath.startsWith("/token") || subpath.startsWith("/revoke") || subpath.startsWith("/tokeninfo") || subpath.startsWith("/oauth2/");
}

export const googleModule: ProviderModule = {
  name: "google",
  async handle(ctx) {
    const calendar = ctx.subpath.match(/^\/calendar\/v3\/(.*)$/);
    if (calendar) return handleCalendar(ctx, calendar[1]!.replace(/\/$/, ""));
    const route = OAUTH_ROUTES[ctx.subpath.replace(/\/$/, "")];
    const handler = route?.[ctx.method];
    if (handler) return handler(ctx);
    record(ctx, null);
    if (route) return apiError(ctx, 405, "Method Not Allowed", [{ domain: "global", reason: "httpMethodNotAllowed", message: "Method Not Allowed" }]);
    googleModule.fail(ctx, 404);
  },
  fail(ctx, status, retryAfterSeconds) {
    const headers: Record<string, string> = retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {};
    if (isOAuthPath(ctx.subpath)) {
      if (retryAfterSeconds !== undefined) ctx.res.setHeader("Retry-After", String(retryAfterSeconds));
      return oauthError(ctx, status, status >= 500 ? "internal_failure" : status === 429 ? "rate_limit_exceeded" : "invalid_request", faultText(status)[0]);
    }
    const [message, reason] = faultText(status);
    apiError(ctx, status, message, [{ domain: status === 429 ? "usageLimits" : "global", reason, message }], { headers });
  },
};
