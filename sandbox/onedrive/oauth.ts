// The Microsoft identity platform (v2.0 endpoints) in front of the OneDrive
// sandbox: /{tenant}/oauth2/v2.0/authorize (the consent screen) and
// /{tenant}/oauth2/v2.0/token (authorization code with PKCE, refresh with
// rotation; the client's secret in the form body or Basic auth). A code is
// redeemed only at the tenant it was issued for.
import { basicCredentials, first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { authorize } from "../oauth/authorize";
import type { CodeRefusal, Grant } from "../oauth/grants";
import { identityError } from "./errors";
import { ONEDRIVE_STATE, type TenantCode } from "./state";
import { ONEDRIVE_TOKENS } from "./tokens";

const OPENID = new Set(["openid", "profile", "email", "offline_access"]);
/** Graph's delegated permissions for files the sandbox app may be granted. */
const GRAPH_SCOPES = new Set(["User.Read", "Files.Read", "Files.ReadWrite", "Files.Read.All", "Files.ReadWrite.All"]);
export const GRANTABLE_SCOPES = ["openid", "profile", "email", "offline_access", "User.Read", "Files.ReadWrite"];

/** Graph's permissions come back as resource URLs; offline_access is never echoed. */
export function grantedScopeString(scopes: string[]): string {
  return scopes.filter((s) => s !== "offline_access").map((s) => (OPENID.has(s) ? s : `https://graph.microsoft.com/${s}`)).join(" ");
}

function requestedScopes(scope: string): string[] | string {
  const requested = [...new Set(scope.split(/\s+/).filter(Boolean).map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, "")))];
  const unknown = requested.find((s) => !OPENID.has(s) && !GRAPH_SCOPES.has(s));
  return unknown ? `AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope ${unknown} is not valid.` : requested;
}

export function handleAuthorize(ctx: Ctx, tenant: string): Promise<void> {
  return authorize<TenantCode>(ctx, {
    label: "onedrive oauth.authorize",
    action: `/onedrive/${tenant}/oauth2/v2.0/authorize`,
    carried: ["response_mode"],
    book: (ctx) => ONEDRIVE_STATE.of(ctx.rt),
    screen: (ctx, app) => ({ title: `${app.name} wants to access your OneDrive`, account: ONEDRIVE_STATE.of(ctx.rt).user.mail }),
    errorTitle: "Sign in: something went wrong",
    refuse: {
      unknownClient: (p) => `AADSTS700016: Application with identifier '${p.client_id ?? ""}' was not found in the directory.`,
      redirectUri: () => "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.",
      responseType: () => "AADSTS700054: response_type 'code' is the only one this app may use.",
      challengeMethod: () => "AADSTS501491: Invalid code_challenge_method.",
    },
    requested: requestedScopes,
    newCode: () => `0.sbx-onedrive-code-${randomToken(24)}`,
    code: () => ({ tenant }),
    allowed: (code, _granted, p) => ({ code, state: p.state, session_state: randomToken(8) }),
    deniedDescription: "AADSTS65004: User declined to consent to access the app.",
  });
}

function fields(ctx: Ctx): FormFields {
  return ctx.body.kind === "form" ? ctx.body.value : {};
}

function tokens(ctx: Ctx, grant: Grant): void {
  const state = ONEDRIVE_STATE.of(ctx.rt);
  sendJson(ctx, 200, {
    token_type: "Bearer",
    scope: grantedScopeString(grant.scopes),
    expires_in: ONEDRIVE_TOKENS.accessSeconds,
    ext_expires_in: ONEDRIVE_TOKENS.accessSeconds,
    access_token: ONEDRIVE_TOKENS.issueAccessToken(state, grant, ctx.rt.clock.now()),
    ...(grant.scopes.includes("offline_access") ? { refresh_token: grant.refreshToken } : {}),
  });
}

const CODE_REFUSED: Record<CodeRefusal, [string, number, string]> = {
  unknown: ["invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity."],
  spent: ["invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity."],
  elsewhere: ["invalid_grant", 50148, "The code was issued for another tenant."],
  redirect_uri: ["invalid_grant", 50148, "The redirect_uri does not match the one the code was issued for."],
  verifier_missing: ["invalid_request", 50148, "The code_verifier is missing."],
  verifier_mismatch: ["invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."],
};

export function handleToken(ctx: Ctx, tenant: string): void {
  const f = fields(ctx);
  const grantType = first(f.grant_type);
  record(ctx, `onedrive oauth.token (${grantType ?? "no grant_type"})`);
  const basic = basicCredentials(ctx);
  const clientId = basic?.id ?? first(f.client_id);
  const app = findApp(clientId);
  if (!app) return identityError(ctx, 400, "unauthorized_client", 700016, `Application with identifier '${clientId ?? ""}' was not found in the directory '${tenant}'.`);
  if ((basic?.secret ?? first(f.client_secret)) !== app.clientSecret) return identityError(ctx, 401, "invalid_client", 7000215, "Invalid client secret provided.");
  const state = ONEDRIVE_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  if (grantType === "authorization_code") {
    const redeemed = ONEDRIVE_TOKENS.redeemCode(state, { code: first(f.code), clientId: app.clientId, redirectUri: first(f.redirect_uri), verifier: first(f.code_verifier), now }, (code) => code.tenant === tenant);
    if ("refusal" in redeemed) return identityError(ctx, 400, ...CODE_REFUSED[redeemed.refusal]);
    return tokens(ctx, ONEDRIVE_TOKENS.createGrant(state, { clientId: app.clientId, scopes: redeemed.code.scopes }, now));
  }
  if (grantType === "refresh_token") {
    const grant = ONEDRIVE_TOKENS.grantForRefreshToken(state, first(f.refresh_token), now);
    if (!grant || grant.clientId !== app.clientId) return identityError(ctx, 400, "invalid_grant", 70000, "The user or administrator has not consented to use the application, or the refresh token was revoked.");
    ONEDRIVE_TOKENS.rotateRefreshToken(state, grant, now);
    return tokens(ctx, grant);
  }
  identityError(ctx, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
}
