// The Microsoft identity platform (v2.0 endpoints) for one sandbox tenant:
// /{tenant}/oauth2/v2.0/authorize (the consent screen) and /{tenant}/oauth2/v2.0/token
// (authorization code with PKCE, refresh with rotation; the client's secret in
// the form body or Basic auth). Any tenant segment works, as for a multi-tenant app;
// a code is redeemed only at the tenant it was issued for.
import { basicCredentials, first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { authorize } from "../oauth/authorize";
import type { CodeRefusal } from "../oauth/grants";
import { identityError } from "./errors";
import { idToken, issuerFor, signInPeople } from "./sign-in";
import { MICROSOFT365_STATE, type MicrosoftGrant, type TenantCode } from "./state";
import { MICROSOFT365_TOKENS } from "./tokens";

const OPENID = new Set(["openid", "profile", "email", "offline_access"]);
/** Graph's delegated permissions the sandbox app may be granted. */
const GRAPH_SCOPES = new Set(["User.Read", "Calendars.Read", "Calendars.ReadWrite", "OnlineMeetings.ReadWrite"]);
export const GRANTABLE_SCOPES = ["openid", "profile", "email", "offline_access", "User.Read", "Calendars.ReadWrite"];

/** Graph's permissions come back as resource URLs; offline_access is never echoed. */
export function grantedScopeString(scopes: string[]): string {
  return scopes.filter((s) => s !== "offline_access").map((s) => (OPENID.has(s) ? s : `https://graph.microsoft.com/${s}`)).join(" ");
}

function normalizeScope(s: string): string {
  return s.replace(/^https:\/\/graph\.microsoft\.com\//i, "");
}

function requestedScopes(scope: string): string[] | string {
  const requested = [...new Set(scope.split(/\s+/).filter(Boolean).map(normalizeScope))];
  const unknown = requested.find((s) => !OPENID.has(s) && !GRAPH_SCOPES.has(s));
  return unknown ? `AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope ${unknown} is not valid.` : requested;
}

export function handleAuthorize(ctx: Ctx, tenant: string): Promise<void> {
  return authorize<TenantCode>(ctx, {
    label: "microsoft365 oauth.authorize",
    action: `/microsoft365/${tenant}/oauth2/v2.0/authorize`,
    carried: ["response_mode", "nonce"],
    book: (ctx) => MICROSOFT365_STATE.of(ctx.rt),
    screen: (ctx, app) => ({ title: `${app.name} wants to access your Microsoft 365 account`, account: MICROSOFT365_STATE.of(ctx.rt).user.mail }),
    people: (ctx) => signInPeople(MICROSOFT365_STATE.of(ctx.rt)),
    errorTitle: "Sign in: something went wrong",
    refuse: {
      unknownClient: (p) => `AADSTS700016: Application with identifier '${p.client_id ?? ""}' was not found in the directory.`,
      redirectUri: () => "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.",
      responseType: () => "AADSTS700054: response_type 'code' is the only one this app may use.",
      challengeMethod: () => "AADSTS501491: Invalid code_challenge_method.",
    },
    requested: requestedScopes,
    newCode: () => `0.sbx-m365-code-${randomToken(24)}`,
    code: (p) => ({ tenant, oid: p.account, nonce: p.nonce ?? null }),
    allowed: (code, _granted, p) => ({ code, state: p.state, session_state: randomToken(8) }),
    deniedDescription: "AADSTS65004: User declined to consent to access the app.",
  });
}

function fields(ctx: Ctx): FormFields {
  return ctx.body.kind === "form" ? ctx.body.value : {};
}

function tokens(ctx: Ctx, grant: MicrosoftGrant): void {
  const state = MICROSOFT365_STATE.of(ctx.rt);
  const accessToken = MICROSOFT365_TOKENS.issueAccessToken(state, grant, ctx.rt.clock.now());
  sendJson(ctx, 200, {
    token_type: "Bearer",
    scope: grantedScopeString(grant.scopes),
    expires_in: MICROSOFT365_TOKENS.accessSeconds,
    ext_expires_in: MICROSOFT365_TOKENS.accessSeconds,
    access_token: accessToken,
    // A refresh token only for offline_access, as Microsoft does.
    ...(grant.scopes.includes("offline_access") ? { refresh_token: grant.refreshToken } : {}),
    ...(grant.scopes.includes("openid") ? { id_token: idToken(ctx, grant, accessToken) } : {}),
  });
}

function codeRefused(refusal: CodeRefusal, issuedAt: string, redeemedAt: string): [string, number, string] {
  switch (refusal) {
    case "unknown":
    case "spent":
      return ["invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."];
    case "elsewhere":
      return ["invalid_grant", 50148, `The code was issued for tenant '${issuedAt}' and redeemed at '${redeemedAt}'.`];
    case "redirect_uri":
      return ["invalid_grant", 50148, "The redirect_uri does not match the one the code was issued for."];
    case "verifier_missing":
      return ["invalid_request", 50148, "The code_verifier is missing."];
    case "verifier_mismatch":
      return ["invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."];
  }
}

export function handleToken(ctx: Ctx, tenant: string): void {
  const f = fields(ctx);
  const grantType = first(f.grant_type);
  record(ctx, `microsoft365 oauth.token (${grantType ?? "no grant_type"})`);
  const basic = basicCredentials(ctx);
  const clientId = basic?.id ?? first(f.client_id);
  const secret = basic?.secret ?? first(f.client_secret);
  const app = findApp(clientId);
  if (!app) return identityError(ctx, 400, "unauthorized_client", 700016, `Application with identifier '${clientId ?? ""}' was not found in the directory '${tenant}'.`);
  if (secret !== app.clientSecret) return identityError(ctx, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
  const state = MICROSOFT365_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  if (grantType === "authorization_code") {
    const redeemed = MICROSOFT365_TOKENS.redeemCode(state, { code: first(f.code), clientId: app.clientId, redirectUri: first(f.redirect_uri), verifier: first(f.code_verifier), now }, (code) => code.tenant === tenant);
    if ("refusal" in redeemed) {
      const [error, aadsts, description] = codeRefused(redeemed.refusal, redeemed.code?.tenant ?? "", tenant);
      return identityError(ctx, 400, error, aadsts, description);
    }
    const { oid, nonce } = redeemed.code;
    return tokens(ctx, MICROSOFT365_TOKENS.createGrant(state, { clientId: app.clientId, scopes: redeemed.code.scopes, oid, nonce, issuer: issuerFor(ctx, tenant) ?? undefined }, now));
  }
  if (grantType === "refresh_token") {
    const grant = MICROSOFT365_TOKENS.grantForRefreshToken(state, first(f.refresh_token), now);
    if (!grant || grant.clientId !== app.clientId) {
      return identityError(ctx, 400, "invalid_grant", 70000, "The user or administrator has not consented to use the application, or the refresh token was revoked.");
    }
    MICROSOFT365_TOKENS.rotateRefreshToken(state, grant, now);
    return tokens(ctx, grant);
  }
  identityError(ctx, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
}
