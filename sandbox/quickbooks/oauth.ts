// Intuit's OAuth 2 for a QuickBooks Online app: the consent screen (appcenter.intuit.com/connect/oauth2),
// which sends the user back with the code and the company's realmId; the token
// endpoint (authorization code, refresh with a new refresh token each time, with
// x_refresh_token_expires_in), and revoke, with the client's credentials in Basic auth.
// The consent flow and the grant book are the sandbox's shared ones (../oauth); this
// file keeps Intuit's scope rules, token responses and wording.
import { basicCredentials, first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { authorize } from "../oauth/authorize";
import type { CodeRefusal, Grant } from "../oauth/grants";
import { oauthError } from "./errors";
import { QUICKBOOKS_STATE } from "./state";
import { QUICKBOOKS_TOKENS } from "./tokens";

export const QUICKBOOKS_SCOPES = ["com.intuit.quickbooks.accounting", "openid", "profile", "email"];

export function handleAuthorize(ctx: Ctx): Promise<void> {
  return authorize(ctx, {
    label: "quickbooks oauth.authorize",
    action: "/quickbooks/oauth2/authorize",
    book: (ctx) => QUICKBOOKS_STATE.of(ctx.rt),
    screen(ctx, app) {
      const { company } = QUICKBOOKS_STATE.of(ctx.rt);
      return { title: `${app.name} wants to connect to ${company.name}`, account: `${company.name} (company ${company.realmId})` };
    },
    errorTitle: "Intuit: invalid request",
    refuse: {
      unknownClient: () => "invalid_client: the client_id is not an app's",
      redirectUri: () => "The redirect_uri must be an absolute URL on the app's list",
      responseType: () => "response_type must be code",
      challengeMethod: () => "code_challenge_method must be S256 or plain",
    },
    requested(scope) {
      const asked = [...new Set(scope.split(/\s+/).filter(Boolean))];
      const unknown = asked.filter((s) => !QUICKBOOKS_SCOPES.includes(s));
      return unknown.length ? { status: 400, title: "Intuit: invalid scope", detail: `Unknown scope: ${unknown.join(", ")}` } : asked;
    },
    allowed: (code, _granted, p) => ({ code, state: p.state, realmId: QUICKBOOKS_STATE.of(ctx.rt).company.realmId }),
    // The app's webhook endpoint is set in Intuit's developer portal; the sandbox's default is the app's own.
    onAllow(ctx, redirectUri) {
      QUICKBOOKS_STATE.of(ctx.rt).webhooks.url ??= `${new URL(redirectUri).origin}/api/webhooks/quickbooks`;
    },
  });
}

function fields(ctx: Ctx): FormFields {
  return ctx.body.kind === "form" ? ctx.body.value : {};
}

function tokens(ctx: Ctx, grant: Grant): void {
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  const lapse = QUICKBOOKS_TOKENS.refreshTokenExpiresAt(state, grant) ?? now;
  sendJson(ctx, 200, {
    access_token: QUICKBOOKS_TOKENS.issueAccessToken(state, grant, now),
    token_type: "bearer",
    refresh_token: grant.refreshToken,
    expires_in: QUICKBOOKS_TOKENS.accessSeconds,
    x_refresh_token_expires_in: Math.floor((lapse - now) / 1000),
    // Intuit does not echo the scope; the sandbox does, so a narrowed grant is visible to the app.
    scope: grant.scopes.join(" "),
  });
}

function client(ctx: Ctx) {
  const basic = basicCredentials(ctx);
  const app = findApp(basic?.id);
  return app && basic?.secret === app.clientSecret ? app : null;
}

const CODE_REFUSED: Record<CodeRefusal, string> = {
  unknown: "The authorization code is invalid or was used",
  spent: "The authorization code is invalid or was used",
  elsewhere: "The authorization code is invalid or was used",
  redirect_uri: "redirect_uri does not match",
  verifier_missing: "code_verifier is required: the authorization request carried a code_challenge",
  verifier_mismatch: "code_verifier does not match the code_challenge",
};

export function handleToken(ctx: Ctx): void {
  const f = fields(ctx);
  const grantType = first(f.grant_type);
  record(ctx, `quickbooks oauth.token (${grantType ?? "no grant_type"})`);
  const app = client(ctx);
  if (!app) return oauthError(ctx, 401, "invalid_client", "Client authentication failed");
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  if (grantType === "authorization_code") {
    const redeemed = QUICKBOOKS_TOKENS.redeemCode(state, { code: first(f.code), clientId: app.clientId, redirectUri: first(f.redirect_uri), verifier: first(f.code_verifier), now });
    if ("refusal" in redeemed) return oauthError(ctx, 400, "invalid_grant", CODE_REFUSED[redeemed.refusal]);
    return tokens(ctx, QUICKBOOKS_TOKENS.createGrant(state, { clientId: app.clientId, scopes: redeemed.code.scopes }, now));
  }
  if (grantType === "refresh_token") {
    const grant = QUICKBOOKS_TOKENS.grantForRefreshToken(state, first(f.refresh_token), now);
    if (!grant || grant.clientId !== app.clientId) return oauthError(ctx, 400, "invalid_grant", "Incorrect or invalid refresh token");
    QUICKBOOKS_TOKENS.rotateRefreshToken(state, grant, now);
    return tokens(ctx, grant);
  }
  oauthError(ctx, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
}

export function handleRevoke(ctx: Ctx): void {
  record(ctx, "quickbooks oauth.revoke");
  if (!client(ctx)) return oauthError(ctx, 401, "invalid_client", "Client authentication failed");
  const body = ctx.body.kind === "json" ? (ctx.body.value as { token?: unknown }) : {};
  if (typeof body.token !== "string") return oauthError(ctx, 400, "invalid_request", "token is required");
  QUICKBOOKS_TOKENS.revokeToken(QUICKBOOKS_STATE.of(ctx.rt), body.token);
  sendJson(ctx, 200, {});
}
