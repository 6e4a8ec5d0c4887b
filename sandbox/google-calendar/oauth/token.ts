// POST /google-calendar/token: the authorization-code and refresh-token grants, with Google's
// error codes and its habits (a refresh answers without a new refresh_token; a
// refresh token only for access_type=offline, and again only with prompt=consent).
import { createHash } from "node:crypto";
import { findApp } from "../../oauth/apps";
import { basicCredentials, first, type Ctx } from "../../core/context";
import type { FormFields } from "../../core/body";
import { record } from "../../core/record";
import { sendJson } from "../../core/respond";
import { oauthError } from "../errors";
import { CALENDAR_STATE, type AuthCode, type Grant } from "../state";
import { ACCESS_TOKEN_SECONDS, createGrant, grantForRefreshToken, hasLiveRefreshToken, issueAccessToken } from "../tokens";
import { idToken } from "./id-token";

function fields(ctx: Ctx): FormFields {
  if (ctx.body.kind === "form") return ctx.body.value;
  if (ctx.body.kind === "json" && typeof ctx.body.value === "object" && ctx.body.value !== null) {
    const out: FormFields = {};
    for (const [k, v] of Object.entries(ctx.body.value as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
    return out;
  }
  return {};
}

function pkceMatches(code: AuthCode, verifier: string): boolean {
  const derived = code.challengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return derived === code.challenge;
}

function tokenResponse(ctx: Ctx, grant: Grant, withRefresh: boolean): void {
  const state = CALENDAR_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  const accessToken = issueAccessToken(state, grant, now);
  const body: Record<string, unknown> = {
    access_token: accessToken,
    expires_in: ACCESS_TOKEN_SECONDS,
    ...(withRefresh && grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
    scope: grant.scopes.join(" "),
    token_type: "Bearer",
  };
  if (grant.scopes.includes("openid")) {
    body.id_token = idToken({ user: state.user, clientId: grant.clientId, scopes: grant.scopes, accessToken, nonce: grant.nonce, nowMs: now });
  }
  sendJson(ctx, 200, body, { "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate", Pragma: "no-cache" });
}

export function handleToken(ctx: Ctx): void {
  const f = fields(ctx);
  const grantType = first(f.grant_type);
  record(ctx, `google oauth2.token (${grantType ?? "no grant_type"})`);
  const basic = basicCredentials(ctx);
  const clientId = first(f.client_id) ?? basic?.id;
  const app = findApp(clientId);
  if (!app) return oauthError(ctx, 401, "invalid_client", "The OAuth client was not found.");
  if ((first(f.client_secret) ?? basic?.secret) !== app.clientSecret) return oauthError(ctx, 401, "invalid_client", "Unauthorized");
  const state = CALENDAR_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();

  if (grantType === "authorization_code") {
    const codeValue = first(f.code);
    if (!codeValue) return oauthError(ctx, 400, "invalid_request", "Missing required parameter: code");
    const code = state.codes.get(codeValue);
    if (!code) return oauthError(ctx, 400, "invalid_grant", "Malformed auth code.");
    if (code.used || code.expiresAt <= now || code.clientId !== app.clientId) return oauthError(ctx, 400, "invalid_grant", "Bad Request");
    if (first(f.redirect_uri) !== code.redirectUri) return oauthError(ctx, 400, "redirect_uri_mismatch", "Bad Request");
    if (code.challenge) {
      const verifier = first(f.code_verifier);
      if (!verifier) return oauthError(ctx, 400, "invalid_grant", "Missing code verifier.");
      if (!pkceMatches(code, verifier)) return oauthError(ctx, 400, "invalid_grant", "Invalid code verifier.");
    }
    code.used = true;
    // Google sends a refresh token the first time, and again only when consent was forced.
    const withRefresh = code.offline && (code.forceConsent || !hasLiveRefreshToken(state, app.clientId));
    const grant = createGrant(state, { clientId: app.clientId, scopes: code.scopes, offline: withRefresh, nonce: code.nonce });
    return tokenResponse(ctx, grant, true);
  }

  if (grantType === "refresh_token") {
    const refreshToken = first(f.refresh_token);
    if (!refreshToken) return oauthError(ctx, 400, "invalid_request", "Missing required parameter: refresh_token");
    const grant = grantForRefreshToken(state, refreshToken);
    if (!grant) return oauthError(ctx, 400, "invalid_grant", "Token has been expired or revoked.");
    if (grant.clientId !== app.clientId) return oauthError(ctx, 400, "unauthorized_client", "Unauthorized");
    return tokenResponse(ctx, grant, false);
  }

  oauthError(ctx, 400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
}
