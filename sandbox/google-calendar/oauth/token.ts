// POST /google-calendar/token: the authorization-code and refresh-token grants, with Google's
// error codes and its habits (a refresh answers without a new refresh_token; a
// refresh token only for access_type=offline, and again only with prompt=consent).
import { findApp } from "../../oauth/apps";
import { basicCredentials, first, type Ctx } from "../../core/context";
import type { FormFields } from "../../core/body";
import { record } from "../../core/record";
import { sendJson } from "../../core/respond";
import { oauthError } from "../errors";
import type { CodeRefusal } from "../../oauth/grants";
import { CALENDAR_STATE, type GoogleGrant } from "../state";
import { createGrant, GOOGLE_TOKENS, hasLiveRefreshToken, personOf } from "../tokens";
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

const CODE_REFUSED: Record<CodeRefusal, [string, string]> = {
  unknown: ["invalid_grant", "Malformed auth code."],
  spent: ["invalid_grant", "Bad Request"],
  elsewhere: ["invalid_grant", "Bad Request"],
  redirect_uri: ["redirect_uri_mismatch", "Bad Request"],
  verifier_missing: ["invalid_grant", "Missing code verifier."],
  verifier_mismatch: ["invalid_grant", "Invalid code verifier."],
};

function tokenResponse(ctx: Ctx, grant: GoogleGrant, withRefresh: boolean): void {
  const state = CALENDAR_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  const accessToken = GOOGLE_TOKENS.issueAccessToken(state, grant, now);
  const body: Record<string, unknown> = {
    access_token: accessToken,
    expires_in: GOOGLE_TOKENS.accessSeconds,
    ...(withRefresh && grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
    scope: grant.scopes.join(" "),
    token_type: "Bearer",
  };
  if (grant.scopes.includes("openid")) {
    // Real time, not the sandbox's clock: the app checks iat and exp against its own.
    body.id_token = idToken({ user: personOf(state, grant), clientId: grant.clientId, scopes: grant.scopes, accessToken, nonce: grant.nonce, nowMs: Date.now() });
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
    const redeemed = GOOGLE_TOKENS.redeemCode(state, { code: codeValue, clientId: app.clientId, redirectUri: first(f.redirect_uri), verifier: first(f.code_verifier), now });
    if ("refusal" in redeemed) return oauthError(ctx, 400, ...CODE_REFUSED[redeemed.refusal]);
    const code = redeemed.code;
    // Google sends a refresh token the first time, and again only when consent was forced.
    const withRefresh = code.offline && (code.forceConsent || !hasLiveRefreshToken(state, app.clientId));
    const grant = createGrant(state, { clientId: app.clientId, scopes: code.scopes, offline: withRefresh, nonce: code.nonce, sub: code.sub }, now);
    return tokenResponse(ctx, grant, true);
  }

  if (grantType === "refresh_token") {
    const refreshToken = first(f.refresh_token);
    if (!refreshToken) return oauthError(ctx, 400, "invalid_request", "Missing required parameter: refresh_token");
    const grant = GOOGLE_TOKENS.grantForRefreshToken(state, refreshToken, now);
    if (!grant) return oauthError(ctx, 400, "invalid_grant", "Token has been expired or revoked.");
    if (grant.clientId !== app.clientId) return oauthError(ctx, 400, "unauthorized_client", "Unauthorized");
    return tokenResponse(ctx, grant, false);
  }

  oauthError(ctx, 400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
}
