// The endpoints a client uses after the code flow: revoke, userinfo, tokeninfo, certs.
import { bearerToken, first, type Ctx } from "../../core/context";
import { record } from "../../core/record";
import { sendJson } from "../../core/respond";
import { oauthError } from "../errors";
import { GOOGLE_TOKENS, hasScope, personOf } from "../tokens";
import { jwks } from "./id-token";
import { CALENDAR_STATE } from "../state";

/** POST /google-calendar/revoke?token=… (the token may also come form-encoded). */
export function handleRevoke(ctx: Ctx): void {
  record(ctx, "google oauth2.revoke");
  const token = first(ctx.query.token) ?? (ctx.body.kind === "form" ? first(ctx.body.value.token) : undefined);
  if (!token || !GOOGLE_TOKENS.revokeToken(CALENDAR_STATE.of(ctx.rt), token)) return oauthError(ctx, 400, "invalid_token", "Token expired or revoked");
  sendJson(ctx, 200, {});
}

/** GET /google-calendar/oauth2/v3/userinfo: what the granted scopes allow the app to see. */
export function handleUserinfo(ctx: Ctx): void {
  record(ctx, "google oauth2.userinfo");
  const state = CALENDAR_STATE.of(ctx.rt);
  const grant = GOOGLE_TOKENS.grantForAccessToken(state, bearerToken(ctx), ctx.rt.clock.now());
  if (!grant) return oauthError(ctx, 401, "invalid_request", "Invalid Credentials");
  const u = personOf(state, grant);
  sendJson(ctx, 200, {
    sub: u.sub,
    ...(hasScope(grant.scopes, "profile") ? { name: u.name, given_name: u.givenName, family_name: u.familyName, picture: u.picture } : {}),
    ...(hasScope(grant.scopes, "email") ? { email: u.email, email_verified: u.emailVerified } : {}),
  });
}

/** /google-calendar/tokeninfo, which google-auth-library's getTokenInfo() calls. */
export function handleTokenInfo(ctx: Ctx): void {
  record(ctx, "google oauth2.tokeninfo");
  const token = bearerToken(ctx) ?? first(ctx.query.access_token) ?? (ctx.body.kind === "form" ? first(ctx.body.value.access_token) : undefined);
  const state = CALENDAR_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  const grant = GOOGLE_TOKENS.grantForAccessToken(state, token, now);
  const entry = token ? state.accessTokens.get(token) : undefined;
  if (!grant || !entry) return oauthError(ctx, 400, "invalid_token", "Invalid Value");
  const withEmail = hasScope(grant.scopes, "email");
  const person = personOf(state, grant);
  sendJson(ctx, 200, {
    azp: grant.clientId,
    aud: grant.clientId,
    sub: person.sub,
    scope: grant.scopes.join(" "),
    exp: String(Math.floor(entry.expiresAt / 1000)),
    expires_in: String(Math.max(0, Math.floor((entry.expiresAt - now) / 1000))),
    ...(withEmail ? { email: person.email, email_verified: String(person.emailVerified) } : {}),
    access_type: grant.refreshToken ? "offline" : "online",
  });
}

export function handleCerts(ctx: Ctx): void {
  record(ctx, "google oauth2.certs");
  sendJson(ctx, 200, jwks());
}
