// Zoom's OAuth for a user-managed app: the consent screen (zoom.us/oauth/authorize),
// the token endpoint (authorization code with PKCE, refresh with rotation) and
// revoke, with the client's credentials in Basic auth as Zoom requires.
import { createHash } from "node:crypto";
import { basicCredentials, first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { redirect, sendHtml, sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { consentPage, errorPage, isAbsoluteUrl, withParams } from "../oauth/consent";
import { oauthError } from "./errors";
import { ZOOM_STATE, type Grant } from "./state";
import { ACCESS_TOKEN_SECONDS, createGrant, grantForRefreshToken, issueAccessToken, revokeToken, rotateRefreshToken } from "./tokens";

const CODE_TTL_MS = 10 * 60 * 1000;
const ACTION = "/zoom/oauth/authorize";
const CARRIED = ["client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method"];

function problem(p: Record<string, string | undefined>): string | null {
  if (!findApp(p.client_id)) return "Invalid client_id";
  if (!isAbsoluteUrl(p.redirect_uri)) return "Invalid redirect: the redirect URL must be an absolute URL on the app's allow list";
  if (p.response_type !== "code") return "Unsupported response_type: the code flow is the only one";
  if (p.code_challenge_method && p.code_challenge_method !== "S256" && p.code_challenge_method !== "plain") return "Invalid code_challenge_method";
  return null;
}

export function handleAuthorize(ctx: Ctx): void {
  record(ctx, "zoom oauth.authorize");
  const source = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  const p: Record<string, string | undefined> = {};
  for (const k of [...CARRIED, "response_type", "scope", "requested", "decision"]) p[k] = first(source[k]);
  const bad = problem(ctx.method === "GET" ? p : { ...p, response_type: "code" });
  if (bad) return sendHtml(ctx, 400, errorPage("Zoom: invalid request", bad));
  const state = ZOOM_STATE.of(ctx.rt);
  if (ctx.method === "GET") {
    // A user-managed app is granted the scopes it was set up with; the sandbox shows those the app asks for.
    const requested = [...new Set((p.scope ?? "").split(/[\s,]+/).filter(Boolean))];
    const hidden: Record<string, string> = { requested: requested.join(" ") };
    for (const k of CARRIED) if (p[k] !== undefined) hidden[k] = p[k]!;
    return sendHtml(ctx, 200, consentPage({ title: `${findApp(p.client_id)!.name} would like to access your Zoom account`, account: state.user.email, action: ACTION, scopes: requested.map((name) => ({ name })), hidden }));
  }
  const redirectUri = p.redirect_uri!;
  if (p.decision !== "allow") return redirect(ctx, withParams(redirectUri, { error: "access_denied", state: p.state }));
  const requested = (p.requested ?? "").split(" ").filter(Boolean);
  const ticked = Array.isArray(source.scope) ? source.scope : source.scope ? [source.scope] : [];
  const code = randomToken(24);
  state.codes.set(code, {
    clientId: p.client_id!,
    redirectUri,
    scopes: requested.filter((s) => ticked.includes(s)),
    challenge: p.code_challenge ?? null,
    challengeMethod: p.code_challenge ? ((p.code_challenge_method as "S256" | "plain" | undefined) ?? "plain") : null,
    expiresAt: ctx.rt.clock.now() + CODE_TTL_MS,
    used: false,
  });
  // Zoom calls the app back at the event notification endpoint set in its settings; the sandbox's default is the app's own.
  state.app.webhookUrl ??= `${new URL(redirectUri).origin}/api/webhooks/zoom`;
  redirect(ctx, withParams(redirectUri, { code, state: p.state }));
}

function fields(ctx: Ctx): FormFields {
  const f: FormFields = { ...ctx.query };
  if (ctx.body.kind === "form") Object.assign(f, ctx.body.value);
  return f;
}

function tokens(ctx: Ctx, grant: Grant): void {
  const state = ZOOM_STATE.of(ctx.rt);
  sendJson(ctx, 200, {
    access_token: issueAccessToken(state, grant, ctx.rt.clock.now()),
    token_type: "bearer",
    refresh_token: grant.refreshToken,
    expires_in: ACCESS_TOKEN_SECONDS,
    scope: grant.scopes.join(" "),
    api_url: "https://api.zoom.us",
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
  record(ctx, `zoom oauth.token (${grantType ?? "no grant_type"})`);
  // Zoom takes the client's credentials only in the Authorization header.
  const app = client(ctx);
  if (!app) return oauthError(ctx, 401, "invalid_client", "Invalid client_id or client_secret");
  const state = ZOOM_STATE.of(ctx.rt);
  if (grantType === "authorization_code") {
    const code = state.codes.get(first(f.code) ?? "");
    if (!code || code.used || code.expiresAt <= ctx.rt.clock.now() || code.clientId !== app.clientId) return oauthError(ctx, 400, "invalid_grant", "Invalid authorization code");
    if (first(f.redirect_uri) !== code.redirectUri) return oauthError(ctx, 400, "invalid_request", "Redirect URI mismatch.");
    if (code.challenge) {
      const verifier = first(f.code_verifier) ?? "";
      const derived = code.challengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
      if (derived !== code.challenge) return oauthError(ctx, 400, "invalid_request", "Invalid code verifier");
    }
    code.used = true;
    return tokens(ctx, createGrant(state, app.clientId, code.scopes));
  }
  if (grantType === "refresh_token") {
    const grant = grantForRefreshToken(state, first(f.refresh_token));
    if (!grant || grant.clientId !== app.clientId) return oauthError(ctx, 400, "invalid_grant", "Invalid Token!");
    rotateRefreshToken(state, grant);
    return tokens(ctx, grant);
  }
  oauthError(ctx, 400, "unsupported_grant_type", "Unsupported grant type");
}

export function handleRevoke(ctx: Ctx): void {
  record(ctx, "zoom oauth.revoke");
  if (!client(ctx)) return oauthError(ctx, 401, "invalid_client", "Invalid client_id or client_secret");
  const token = first(fields(ctx).token);
  if (!token) return oauthError(ctx, 400, "invalid_request", "Missing token");
  revokeToken(ZOOM_STATE.of(ctx.rt), token);
  sendJson(ctx, 200, { status: "success" });
}
