// LinkedIn's 3-legged OAuth (www.linkedin.com/oauth/v2/authorization, /accessToken,
// /revoke): the client's credentials in the form body, scopes from LinkedIn's
// list, and a refresh token as LinkedIn gives apps in its refresh program.
import { first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { authorize } from "../oauth/authorize";
import type { CodeRefusal, Grant } from "../oauth/grants";
import { oauthError } from "./errors";
import { LINKEDIN_STATE } from "./state";
import { LINKEDIN_TOKENS } from "./tokens";

const KNOWN_SCOPES = new Set(["openid", "profile", "email", "w_member_social", "w_organization_social", "r_organization_admin", "r_organization_social", "rw_organization_admin", "r_basicprofile"]);

export function handleAuthorize(ctx: Ctx): Promise<void> {
  return authorize(ctx, {
    label: "linkedin oauth.authorization",
    action: "/linkedin/oauth/v2/authorization",
    book: (ctx) => LINKEDIN_STATE.of(ctx.rt),
    screen: (ctx, app) => ({ title: `${app.name} would like to access your LinkedIn account`, account: LINKEDIN_STATE.of(ctx.rt).member.email }),
    errorTitle: "LinkedIn: bummer, something went wrong",
    refuse: {
      unknownClient: () => "invalid_client: the client_id is not known",
      redirectUri: () => "The redirect_uri does not match the registered value",
      responseType: () => "unsupported_response_type: response_type must be code",
      challengeMethod: () => "invalid_request: code_challenge_method must be S256",
    },
    requested: (scope) => {
      const asked = [...new Set(scope.split(/[\s,]+/).filter(Boolean))];
      const unknown = asked.find((s) => !KNOWN_SCOPES.has(s));
      return unknown ? `unauthorized_scope_error: Scope "${unknown}" is not authorized for your application` : asked;
    },
  });
}

function fields(ctx: Ctx): FormFields {
  return ctx.body.kind === "form" ? ctx.body.value : {};
}

function tokens(ctx: Ctx, grant: Grant): void {
  const state = LINKEDIN_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  const refreshEnds = LINKEDIN_TOKENS.refreshTokenExpiresAt(state, grant);
  sendJson(ctx, 200, {
    access_token: LINKEDIN_TOKENS.issueAccessToken(state, grant, now),
    expires_in: LINKEDIN_TOKENS.accessSeconds,
    refresh_token: grant.refreshToken,
    refresh_token_expires_in: refreshEnds === null ? undefined : Math.floor((refreshEnds - now) / 1000),
    scope: grant.scopes.join(","),
    token_type: "Bearer",
  });
}

function client(ctx: Ctx) {
  const f = fields(ctx);
  const app = findApp(first(f.client_id));
  return app && first(f.client_secret) === app.clientSecret ? app : null;
}

const CODE_REFUSED: Record<CodeRefusal, string> = {
  unknown: "Unable to retrieve access token: authorization code not found",
  spent: "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.",
  elsewhere: "Unable to retrieve access token: authorization code not found",
  redirect_uri: "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.",
  verifier_missing: "Unable to retrieve access token: code verifier is missing",
  verifier_mismatch: "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.",
};

export function handleToken(ctx: Ctx): void {
  const f = fields(ctx);
  const grantType = first(f.grant_type);
  record(ctx, `linkedin oauth.accessToken (${grantType ?? "no grant_type"})`);
  const app = client(ctx);
  if (!app) return oauthError(ctx, 401, "invalid_client", "Client authentication failed");
  const state = LINKEDIN_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  if (grantType === "authorization_code") {
    const redeemed = LINKEDIN_TOKENS.redeemCode(state, { code: first(f.code), clientId: app.clientId, redirectUri: first(f.redirect_uri), verifier: first(f.code_verifier), now });
    if ("refusal" in redeemed) return oauthError(ctx, 400, "invalid_request", CODE_REFUSED[redeemed.refusal]);
    return tokens(ctx, LINKEDIN_TOKENS.createGrant(state, { clientId: app.clientId, scopes: redeemed.code.scopes }, now));
  }
  if (grantType === "refresh_token") {
    const grant = LINKEDIN_TOKENS.grantForRefreshToken(state, first(f.refresh_token), now);
    if (!grant || grant.clientId !== app.clientId) return oauthError(ctx, 400, "invalid_request", "The provided authorization grant or refresh token is invalid, expired or revoked.");
    return tokens(ctx, grant);
  }
  oauthError(ctx, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
}

export function handleRevoke(ctx: Ctx): void {
  record(ctx, "linkedin oauth.revoke");
  if (!client(ctx)) return oauthError(ctx, 401, "invalid_client", "Client authentication failed");
  const token = first(fields(ctx).token);
  if (!token) return oauthError(ctx, 400, "invalid_request", "A required parameter \"token\" is missing");
  LINKEDIN_TOKENS.revokeToken(LINKEDIN_STATE.of(ctx.rt), token);
  sendJson(ctx, 200, {});
}
