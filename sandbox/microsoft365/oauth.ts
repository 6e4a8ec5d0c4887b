// The Microsoft identity platform (v2.0 endpoints) for one sandbox tenant:
// /{tenant}/oauth2/v2.0/authorize (the consent screen) and /{tenant}/oauth2/v2.0/token
// (authorization code with PKCE, refresh with rotation; the client's secret in
// the form body or Basic auth). Any tenant segment works, as for a multi-tenant app;
// a code is redeemed only at the tenant it was issued for.
import { createHash } from "node:crypto";
import { basicCredentials, first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { redirect, sendHtml, sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { consentPage, errorPage, isAbsoluteUrl, withParams } from "../oauth/consent";
import { identityError } from "./errors";
import { MICROSOFT365_STATE, type Grant } from "./state";
import { ACCESS_TOKEN_SECONDS, createGrant, grantForRefreshToken, issueAccessToken, rotateRefreshToken } from "./tokens";

const CODE_TTL_MS = 10 * 60 * 1000;
const CARRIED = ["client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "response_mode"];
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

function problem(p: Record<string, string | undefined>): string | null {
  if (!findApp(p.client_id)) return `AADSTS700016: Application with identifier '${p.client_id ?? ""}' was not found in the directory.`;
  if (!isAbsoluteUrl(p.redirect_uri)) return "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.";
  if (p.response_type !== "code") return "AADSTS700054: response_type 'code' is the only one this app may use.";
  if (p.code_challenge_method && p.code_challenge_method !== "S256" && p.code_challenge_method !== "plain") return "AADSTS501491: Invalid code_challenge_method.";
  return null;
}

export function handleAuthorize(ctx: Ctx, tenant: string): void {
  record(ctx, "microsoft365 oauth.authorize");
  const source = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  const p: Record<string, string | undefined> = {};
  for (const k of [...CARRIED, "response_type", "scope", "requested", "decision"]) p[k] = first(source[k]);
  const bad = problem(ctx.method === "GET" ? p : { ...p, response_type: "code" });
  if (bad) return sendHtml(ctx, 400, errorPage("Sign in: something went wrong", bad));
  const state = MICROSOFT365_STATE.of(ctx.rt);
  if (ctx.method === "GET") {
    const requested = [...new Set((p.scope ?? "").split(/\s+/).filter(Boolean).map(normalizeScope))];
    const unknown = requested.find((s) => !OPENID.has(s) && !GRAPH_SCOPES.has(s));
    if (unknown) return sendHtml(ctx, 400, errorPage("Sign in: something went wrong", `AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope ${unknown} is not valid.`));
    const hidden: Record<string, string> = { requested: requested.join(" ") };
    for (const k of CARRIED) if (p[k] !== undefined) hidden[k] = p[k]!;
    return sendHtml(ctx, 200, consentPage({ title: `${findApp(p.client_id)!.name} wants to access your Microsoft 365 account`, account: state.user.mail, action: `/microsoft365/${tenant}/oauth2/v2.0/authorize`, scopes: requested.map((name) => ({ name })), hidden }));
  }
  const redirectUri = p.redirect_uri!;
  if (p.decision !== "allow") return redirect(ctx, withParams(redirectUri, { error: "access_denied", error_description: "AADSTS65004: User declined to consent to access the app.", state: p.state }));
  const requested = (p.requested ?? "").split(" ").filter(Boolean);
  const ticked = Array.isArray(source.scope) ? source.scope : source.scope ? [source.scope] : [];
  const code = `0.sbx-m365-code-${randomToken(24)}`;
  state.codes.set(code, {
    clientId: p.client_id!,
    tenant,
    redirectUri,
    scopes: requested.filter((s) => ticked.includes(s)),
    challenge: p.code_challenge ?? null,
    challengeMethod: p.code_challenge ? ((p.code_challenge_method as "S256" | "plain" | undefined) ?? "plain") : null,
    expiresAt: ctx.rt.clock.now() + CODE_TTL_MS,
    used: false,
  });
  redirect(ctx, withParams(redirectUri, { code, state: p.state, session_state: randomToken(8) }));
}

function fields(ctx: Ctx): FormFields {
  return ctx.body.kind === "form" ? ctx.body.value : {};
}

function tokens(ctx: Ctx, grant: Grant): void {
  const state = MICROSOFT365_STATE.of(ctx.rt);
  sendJson(ctx, 200, {
    token_type: "Bearer",
    scope: grantedScopeString(grant.scopes),
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: issueAccessToken(state, grant, ctx.rt.clock.now()),
    // A refresh token only for offline_access, as Microsoft does.
    ...(grant.scopes.includes("offline_access") ? { refresh_token: grant.refreshToken } : {}),
  });
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
  if (grantType === "authorization_code") {
    const code = state.codes.get(first(f.code) ?? "");
    if (!code || code.used || code.expiresAt <= ctx.rt.clock.now() || code.clientId !== app.clientId) {
      return identityError(ctx, 400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");
    }
    if (code.tenant !== tenant) return identityError(ctx, 400, "invalid_grant", 50148, `The code was issued for tenant '${code.tenant}' and redeemed at '${tenant}'.`);
    if (first(f.redirect_uri) !== code.redirectUri) return identityError(ctx, 400, "invalid_grant", 50148, "The redirect_uri does not match the one the code was issued for.");
    if (code.challenge) {
      const verifier = first(f.code_verifier) ?? "";
      if (!verifier) return identityError(ctx, 400, "invalid_request", 50148, "The code_verifier is missing.");
      const derived = code.challengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
      if (derived !== code.challenge) return identityError(ctx, 400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
    }
    code.used = true;
    return tokens(ctx, createGrant(state, app.clientId, code.scopes));
  }
  if (grantType === "refresh_token") {
    const grant = grantForRefreshToken(state, first(f.refresh_token));
    if (!grant || grant.clientId !== app.clientId) {
      return identityError(ctx, 400, "invalid_grant", 70000, "The user or administrator has not consented to use the application, or the refresh token was revoked.");
    }
    rotateRefreshToken(state, grant);
    return tokens(ctx, grant);
  }
  identityError(ctx, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
}
