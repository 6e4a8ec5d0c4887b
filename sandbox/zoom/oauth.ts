// Zoom's OAuth for a user-managed app: the consent screen (zoom.us/oauth/authorize),
// the token endpoint (authorization code with PKCE, refresh with rotation) and
// revoke, with the client's credentials in Basic auth as Zoom requires.
import { basicCredentials, first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { authorize } from "../oauth/authorize";
import type { CodeRefusal, Grant } from "../oauth/grants";
import { oauthError } from "./errors";
import { ZOOM_STATE } from "./state";
import { ZOOM_TOKENS } from "./tokens";

export function handleAuthorize(ctx: Ctx): Promise<void> {
  return authorize(ctx, {
    label: "zoom oauth.authorize",
    action: "/zoom/oauth/authorize",
    book: (ctx) => ZOOM_STATE.of(ctx.rt),
    screen: (ctx, app) => ({ title: `${app.name} would like to access your Zoom account`, account: ZOOM_STATE.of(ctx.rt).user.email }),
    errorTitle: "Zoom: invalid request",
    refuse: {
      unknownClient: () => "Invalid client_id",
      redirectUri: () => "Invalid redirect: the redirect URL must be an absolute URL on the app's allow list",
      responseType: () => "Unsupported response_type: the code flow is the only one",
      challengeMethod: () => "Invalid code_challenge_method",
    },
    // A user-managed app is granted the scopes it was set up with; the sandbox shows those the app asks for.
    requested: (scope) => [...new Set(scope.split(/[\s,]+/).filter(Boolean))],
    // Zoom calls the app back at the event notification endpoint set in its settings; the sandbox's default is the app's own.
    onAllow(ctx, redirectUri) {
      ZOOM_STATE.of(ctx.rt).app.webhookUrl ??= `${new URL(redirectUri).origin}/api/webhooks/zoom`;
    },
  });
}

function fields(ctx: Ctx): FormFields {
  const f: FormFields = { ...ctx.query };
  if (ctx.body.kind === "form") Object.assign(f, ctx.body.value);
  return f;
}

function tokens(ctx: Ctx, grant: Grant): void {
  const state = ZOOM_STATE.of(ctx.rt);
  sendJson(ctx, 200, {
    access_token: ZOOM_TOKENS.issueAccessToken(state, grant, ctx.rt.clock.now()),
    token_type: "bearer",
    refresh_token: grant.refreshToken,
    expires_in: ZOOM_TOKENS.accessSeconds,
    scope: grant.scopes.join(" "),
    api_url: "https://api.zoom.us",
  });
}

function client(ctx: Ctx) {
  const basic = basicCredentials(ctx);
  const app = findApp(basic?.id);
  return app && basic?.secret === app.clientSecret ? app : null;
}

const CODE_REFUSED: Record<CodeRefusal, [string, string]> = {
  unknown: ["invalid_grant", "Invalid authorization code"],
  spent: ["invalid_grant", "Invalid authorization code"],
  elsewhere: ["invalid_grant", "Invalid authorization code"],
  redirect_uri: ["invalid_request", "Redirect URI mismatch."],
  verifier_missing: ["invalid_request", "Invalid code verifier"],
  verifier_mismatch: ["invalid_request", "Invalid code verifier"],
};

export function handleToken(ctx: Ctx): void {
  const f = fields(ctx);
  const grantType = first(f.grant_type);
  record(ctx, `zoom oauth.token (${grantType ?? "no grant_type"})`);
  // Zoom takes the client's credentials only in the Authorization header.
  const app = client(ctx);
  if (!app) return oauthError(ctx, 401, "invalid_client", "Invalid client_id or client_secret");
  const state = ZOOM_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  if (grantType === "authorization_code") {
    const redeemed = ZOOM_TOKENS.redeemCode(state, { code: first(f.code), clientId: app.clientId, redirectUri: first(f.redirect_uri), verifier: first(f.code_verifier), now });
    if ("refusal" in redeemed) return oauthError(ctx, 400, ...CODE_REFUSED[redeemed.refusal]);
    return tokens(ctx, ZOOM_TOKENS.createGrant(state, { clientId: app.clientId, scopes: redeemed.code.scopes }, now));
  }
  if (grantType === "refresh_token") {
    const grant = ZOOM_TOKENS.grantForRefreshToken(state, first(f.refresh_token), now);
    if (!grant || grant.clientId !== app.clientId) return oauthError(ctx, 400, "invalid_grant", "Invalid Token!");
    ZOOM_TOKENS.rotateRefreshToken(state, grant, now);
    return tokens(ctx, grant);
  }
  oauthError(ctx, 400, "unsupported_grant_type", "Unsupported grant type");
}

export function handleRevoke(ctx: Ctx): void {
  record(ctx, "zoom oauth.revoke");
  if (!client(ctx)) return oauthError(ctx, 401, "invalid_client", "Invalid client_id or client_secret");
  const token = first(fields(ctx).token);
  if (!token) return oauthError(ctx, 400, "invalid_request", "Missing token");
  ZOOM_TOKENS.revokeToken(ZOOM_STATE.of(ctx.rt), token);
  sendJson(ctx, 200, { status: "success" });
}
