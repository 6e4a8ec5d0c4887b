// Intuit's OAuth 2 for a QuickBooks Online app: the consent screen (appcenter.intuit.com/connect/oauth2),
// which sends the user back with the code and the company's realmId; the token
// endpoint (authorization code, refresh with a new refresh token each time, with
// x_refresh_token_expires_in), and revoke, with the client's credentials in Basic auth.
import { basicCredentials, first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { redirect, sendHtml, sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { consentPage, errorPage, isAbsoluteUrl, withParams } from "../oauth/consent";
import { oauthError } from "./errors";
import { QUICKBOOKS_STATE, type Grant } from "./state";
import { ACCESS_TOKEN_SECONDS, createGrant, grantForRefreshToken, issueAccessToken, revokeToken, rotateRefreshToken } from "./tokens";

const CODE_TTL_MS = 10 * 60 * 1000;
const ACTION = "/quickbooks/oauth2/authorize";
const CARRIED = ["client_id", "redirect_uri", "state"];
export const QUICKBOOKS_SCOPES = ["com.intuit.quickbooks.accounting", "openid", "profile", "email"];

function problem(p: Record<string, string | undefined>): string | null {
  if (!findApp(p.client_id)) return "invalid_client: the client_id is not an app's";
  if (!isAbsoluteUrl(p.redirect_uri)) return "The redirect_uri must be an absolute URL on the app's list";
  if (p.response_type !== "code") return "response_type must be code";
  return null;
}

export function handleAuthorize(ctx: Ctx): void {
  record(ctx, "quickbooks oauth.authorize");
  const source = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  const p: Record<string, string | undefined> = {};
  for (const k of [...CARRIED, "response_type", "scope", "requested", "decision"]) p[k] = first(source[k]);
  const bad = problem(ctx.method === "GET" ? p : { ...p, response_type: "code" });
  if (bad) return sendHtml(ctx, 400, errorPage("Intuit: invalid request", bad));
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  if (ctx.method === "GET") {
    const requested = [...new Set((p.scope ?? "").split(/\s+/).filter(Boolean))];
    const unknown = requested.filter((s) => !QUICKBOOKS_SCOPES.includes(s));
    if (unknown.length) return sendHtml(ctx, 400, errorPage("Intuit: invalid scope", `Unknown scope: ${unknown.join(", ")}`));
    const hidden: Record<string, string> = { requested: requested.join(" ") };
    for (const k of CARRIED) if (p[k] !== undefined) hidden[k] = p[k]!;
    return sendHtml(ctx, 200, consentPage({ title: `${findApp(p.client_id)!.name} wants to connect to ${state.company.name}`, account: `${state.company.name} (company ${state.company.realmId})`, action: ACTION, scopes: requested.map((name) => ({ name })), hidden }));
  }
  const redirectUri = p.redirect_uri!;
  if (p.decision !== "allow") return redirect(ctx, withParams(redirectUri, { error: "access_denied", state: p.state }));
  const requested = (p.requested ?? "").split(" ").filter(Boolean);
  const ticked = Array.isArray(source.scope) ? source.scope : source.scope ? [source.scope] : [];
  const code = randomToken(24);
  state.codes.set(code, { clientId: p.client_id!, redirectUri, scopes: requested.filter((s) => ticked.includes(s)), expiresAt: ctx.rt.clock.now() + CODE_TTL_MS, used: false });
  // The app's webhook endpoint is set in Intuit's developer portal; the sandbox's default is the app's own.
  state.webhooks.url ??= `${new URL(redirectUri).origin}/api/webhooks/quickbooks`;
  redirect(ctx, withParams(redirectUri, { code, state: p.state, realmId: state.company.realmId }));
}

function fields(ctx: Ctx): FormFields {
  return ctx.body.kind === "form" ? ctx.body.value : {};
}

function tokens(ctx: Ctx, grant: Grant): void {
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  sendJson(ctx, 200, {
    access_token: issueAccessToken(state, grant, now),
    token_type: "bearer",
    refresh_token: grant.refreshToken,
    expires_in: ACCESS_TOKEN_SECONDS,
    x_refresh_token_expires_in: Math.floor((grant.refreshExpiresAt - now) / 1000),
    // Intuit does not echo the scope; the sandbox does, so a narrowed grant is visible to the app.
    scope: grant.scopes.join(" "),
  });
}

function client(ctx: Ctx) {
  const basic = basicCredentials(ctx);
  const app = findApp(basic?.id);
  return app && basic?.secret === app.clientSecret ? app : null;
}

export function handleToken(ctx: Ctx): void {
  const f = fields(ctx);
  const grantType = first(f.grant_type);
  record(ctx, `quickbooks oauth.token (${grantType ?? "no grant_type"})`);
  const app = client(ctx);
  if (!app) return oauthError(ctx, 401, "invalid_client", "Client authentication failed");
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  if (grantType === "authorization_code") {
    const code = state.codes.get(first(f.code) ?? "");
    if (!code || code.used || code.expiresAt <= now || code.clientId !== app.clientId) return oauthError(ctx, 400, "invalid_grant", "The authorization code is invalid or was used");
    if (first(f.redirect_uri) !== code.redirectUri) return oauthError(ctx, 400, "invalid_grant", "redirect_uri does not match");
    code.used = true;
    return tokens(ctx, createGrant(state, app.clientId, code.scopes, now));
  }
  if (grantType === "refresh_token") {
    const grant = grantForRefreshToken(state, first(f.refresh_token), now);
    if (!grant || grant.clientId !== app.clientId) return oauthError(ctx, 400, "invalid_grant", "Incorrect or invalid refresh token");
    rotateRefreshToken(state, grant, now);
    return tokens(ctx, grant);
  }
  oauthError(ctx, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
}

export function handleRevoke(ctx: Ctx): void {
  record(ctx, "quickbooks oauth.revoke");
  if (!client(ctx)) return oauthError(ctx, 401, "invalid_client", "Client authentication failed");
  const body = ctx.body.kind === "json" ? (ctx.body.value as { token?: unknown }) : {};
  if (typeof body.token !== "string") return oauthError(ctx, 400, "invalid_request", "token is required");
  revokeToken(QUICKBOOKS_STATE.of(ctx.rt), body.token);
  sendJson(ctx, 200, {});
}
