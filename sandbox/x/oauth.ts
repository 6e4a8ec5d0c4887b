// X's OAuth 2.0 with PKCE (x.com/i/oauth2/authorize, api.x.com/2/oauth2/token and
// /revoke): a code challenge is required, a confidential client authenticates with
// Basic auth, offline.access brings a refresh token, and every refresh rotates it.
import { basicCredentials, first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { authorize } from "../oauth/authorize";
import type { CodeRefusal, Grant } from "../oauth/grants";
import { oauthError } from "./errors";
import { X_STATE } from "./state";
import { X_TOKENS } from "./tokens";

const KNOWN_SCOPES = new Set(["tweet.read", "tweet.write", "tweet.moderate.write", "users.read", "follows.read", "follows.write", "offline.access", "space.read", "mute.read", "mute.write", "like.read", "like.write", "list.read", "list.write", "block.read", "block.write", "bookmark.read", "bookmark.write", "media.write"]);

export function handleAuthorize(ctx: Ctx): Promise<void> {
  return authorize(ctx, {
    label: "x oauth2.authorize",
    action: "/x/i/oauth2/authorize",
    book: (ctx) => X_STATE.of(ctx.rt),
    screen: (ctx, app) => ({ title: `${app.name} wants to access your X account`, account: `@${X_STATE.of(ctx.rt).user.username}` }),
    errorTitle: "X: something went wrong",
    refuse: {
      unknownClient: () => "Something went wrong. You weren't able to give access to the App. Go back and try logging in again. (unknown client_id)",
      redirectUri: () => "Something went wrong. You weren't able to give access to the App. (redirect_uri does not match the app's callback URLs)",
      responseType: () => "response_type must be code",
      challengeMethod: () => "code_challenge_method must be S256 or plain",
    },
    // X's OAuth 2.0 is PKCE only: a request without a challenge is refused.
    check: (p) => (p.code_challenge ? null : "Something went wrong. You weren't able to give access to the App. (code_challenge is required)"),
    requested: (scope) => {
      const asked = [...new Set(scope.split(/\s+/).filter(Boolean))];
      const unknown = asked.find((s) => !KNOWN_SCOPES.has(s));
      return unknown ? `Something went wrong. You weren't able to give access to the App. (unknown scope ${unknown})` : asked;
    },
  });
}

function fields(ctx: Ctx): FormFields {
  return ctx.body.kind === "form" ? ctx.body.value : {};
}

function tokens(ctx: Ctx, grant: Grant): void {
  const state = X_STATE.of(ctx.rt);
  sendJson(ctx, 200, {
    token_type: "bearer",
    expires_in: X_TOKENS.accessSeconds,
    access_token: X_TOKENS.issueAccessToken(state, grant, ctx.rt.clock.now()),
    scope: grant.scopes.join(" "),
    // Only a grant with offline.access gets a refresh token.
    ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
  });
}

function client(ctx: Ctx) {
  const basic = basicCredentials(ctx);
  const app = findApp(basic?.id);
  return app && basic?.secret === app.clientSecret ? app : null;
}

const CODE_REFUSED: Record<CodeRefusal, string> = {
  unknown: "Value passed for the authorization code was invalid.",
  spent: "Value passed for the authorization code was invalid.",
  elsewhere: "Value passed for the authorization code was invalid.",
  redirect_uri: "Value passed for the redirect uri parameter was not the same as the one used when creating the code.",
  verifier_missing: "Missing required parameter [code_verifier].",
  verifier_mismatch: "Value passed for the code verifier was invalid.",
};

export function handleToken(ctx: Ctx): void {
  const f = fields(ctx);
  const grantType = first(f.grant_type);
  record(ctx, `x oauth2.token (${grantType ?? "no grant_type"})`);
  const app = client(ctx);
  if (!app) return oauthError(ctx, 401, "unauthorized_client", "Missing valid authorization header");
  const state = X_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  if (grantType === "authorization_code") {
    const redeemed = X_TOKENS.redeemCode(state, { code: first(f.code), clientId: app.clientId, redirectUri: first(f.redirect_uri), verifier: first(f.code_verifier), now });
    if ("refusal" in redeemed) return oauthError(ctx, 400, "invalid_request", CODE_REFUSED[redeemed.refusal]);
    const scopes = redeemed.code.scopes;
    return tokens(ctx, X_TOKENS.createGrant(state, { clientId: app.clientId, scopes, refresh: scopes.includes("offline.access") }, now));
  }
  if (grantType === "refresh_token") {
    const grant = X_TOKENS.grantForRefreshToken(state, first(f.refresh_token), now);
    if (!grant || grant.clientId !== app.clientId) return oauthError(ctx, 400, "invalid_request", "Value passed for the token was invalid.");
    X_TOKENS.rotateRefreshToken(state, grant, now);
    return tokens(ctx, grant);
  }
  oauthError(ctx, 400, "invalid_request", "Value passed for the grant type was invalid.");
}

export function handleRevoke(ctx: Ctx): void {
  record(ctx, "x oauth2.revoke");
  if (!client(ctx)) return oauthError(ctx, 401, "unauthorized_client", "Missing valid authorization header");
  const token = first(fields(ctx).token);
  if (!token) return oauthError(ctx, 400, "invalid_request", "Missing required parameter [token].");
  X_TOKENS.revokeToken(X_STATE.of(ctx.rt), token);
  sendJson(ctx, 200, { revoked: true });
}
