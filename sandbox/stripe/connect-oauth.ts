// Stripe Connect's OAuth (connect.stripe.com/oauth/…, which stripe-node sends to
// the same host as the API once a host is set). It is not in Stripe's OpenAPI
// description; the shapes follow Stripe's Connect OAuth reference. The grant opens
// the sandbox account: its access token is a secret key of that account, as Stripe's is.
import { findApp } from "../oauth/apps";
import { consentPage, errorPage, isAbsoluteUrl, withParams } from "../oauth/consent";
import { bearerToken, first, type Ctx } from "../core/context";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { redirect, sendHtml, sendJson } from "../core/respond";
import { ACCOUNT } from "./account";
import { STRIPE_STATE } from "./state";

const CODE_TTL_MS = 5 * 60 * 1000;
const SCOPES = ["read_write", "read_only"];


export const CONNECT_OAUTH_PREFIX = "/oauth/";

export function isConnectOAuthPath(pathname: string): boolean {
  return pathname.startsWith(CONNECT_OAUTH_PREFIX);
}

function oauthError(ctx: Ctx, status: number, error: string, description: string): void {
  sendJson(ctx, status, { error, error_description: description });
}

function authorize(ctx: Ctx): void {
  record(ctx, "stripe oauth.authorize");
  const form = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  const app = findApp(first(form.client_id));
  const redirectUri = first(form.redirect_uri);
  const state = first(form.state);
  const scope = first(form.scope) ?? "read_only";
  if (!app) return sendHtml(ctx, 400, errorPage("Invalid client_id", "No such application is registered with the sandbox's Stripe platform."));
  if (!isAbsoluteUrl(redirectUri)) return sendHtml(ctx, 400, errorPage("Invalid redirect_uri", "The redirect_uri parameter is missing or is not an absolute URL."));
  if (!SCOPES.includes(scope)) return sendHtml(ctx, 400, errorPage("Invalid scope", `Scope must be read_write or read_only, not "${scope}".`));
  if (ctx.method === "GET") {
    return sendHtml(
      ctx,
      200,
      consentPage({
        title: `Connect ${ACCOUNT.name} to ${app.name}`,
        account: `${ACCOUNT.email} (${ACCOUNT.id})`,
        action: "/oauth/authorize",
        scopes: [{ name: scope, description: scope === "read_write" ? "Create charges, Checkout Sessions and refunds, and manage webhook endpoints on your account" : "View your account's data" }],
        hidden: { client_id: app.clientId, redirect_uri: redirectUri, state: state ?? "", requested: scope },
      }),
    );
  }
  if (first(form.decision) !== "allow" || !form.scope) {
    return redirect(ctx, withParams(redirectUri, { error: "access_denied", error_description: "The user denied your request", state }));
  }
  const code = `ac_${randomToken(18)}`;
  STRIPE_STATE.of(ctx.rt).connectCodes.set(code, { clientId: app.clientId, scope: first(form.requested) ?? scope, livemode: false, expiresAt: ctx.rt.clock.now() + CODE_TTL_MS, used: false });
  redirect(ctx, withParams(redirectUri, { code, scope: first(form.requested) ?? scope, state }));
}

/** The platform authenticates with its secret key (here: the sandbox app's secret) as the bearer. */
function platformApp(ctx: Ctx) {
  const secret = bearerToken(ctx);
  return secret ? SANDBOX_PLATFORM_SECRETS.get(secret) : undefined;
}

const SANDBOX_PLATFORM_SECRETS = new Map([["sandbox-client-secret", "switchboard-sandbox"]]);

function token(ctx: Ctx): void {
  record(ctx, "stripe oauth.token");
  const form = ctx.body.kind === "form" ? ctx.body.value : {};
  const clientId = platformApp(ctx);
  if (!clientId) return oauthError(ctx, 401, "invalid_client", "No such platform: the secret key is not a platform's key.");
  if (first(form.grant_type) !== "authorization_code") return oauthError(ctx, 400, "unsupported_grant_type", "Only authorization_code is supported here.");
  const code = first(form.code) ?? "";
  const grant = STRIPE_STATE.of(ctx.rt).connectCodes.get(code);
  if (!grant || grant.used || grant.clientId !== clientId || grant.expiresAt < ctx.rt.clock.now()) {
    return oauthError(ctx, 400, "invalid_grant", `Authorization code does not exist: ${code}`);
  }
  grant.used = true;
  const mode = grant.livemode ? "live" : "test";
  sendJson(ctx, 200, {
    access_token: `sk_${mode}_connect${randomToken(18).replace(/[^A-Za-z0-9]/g, "")}`,
    livemode: grant.livemode,
    refresh_token: `rt_${randomToken(18)}`,
    token_type: "bearer",
    stripe_publishable_key: `pk_${mode}_connect${randomToken(12).replace(/[^A-Za-z0-9]/g, "")}`,
    stripe_user_id: ACCOUNT.id,
    scope: grant.scope,
  });
}

function deauthorize(ctx: Ctx): void {
  record(ctx, "stripe oauth.deauthorize");
  const form = ctx.body.kind === "form" ? ctx.body.value : {};
  const clientId = platformApp(ctx);
  if (!clientId || first(form.client_id) !== clientId) return oauthError(ctx, 401, "invalid_client", "No such application or secret key.");
  if (first(form.stripe_user_id) !== ACCOUNT.id) return oauthError(ctx, 400, "invalid_client", "This application is not connected to the given account.");
  sendJson(ctx, 200, { stripe_user_id: ACCOUNT.id });
}

export function handleConnectOAuth(ctx: Ctx): void {
  const path = ctx.url.pathname;
  if (path === "/oauth/authorize") return authorize(ctx);
  if (path === "/oauth/token" && ctx.method === "POST") return token(ctx);
  if (path === "/oauth/deauthorize" && ctx.method === "POST") return deauthorize(ctx);
  oauthError(ctx, 404, "invalid_request", `Unrecognized request URL (${ctx.method}: ${path}).`);
}
