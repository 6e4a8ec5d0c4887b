// Slack's install screen (oauth/v2/authorize). Allow sends the browser back with a
// one-time code for oauth.v2.access; Cancel with error=access_denied.
import { findApp } from "../oauth/apps";
import { consentPage, errorPage, isAbsoluteUrl, withParams } from "../oauth/consent";
import { first, type Ctx } from "../core/context";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { redirect, sendHtml } from "../core/respond";
import { SLACK_STATE } from "./state";

const CODE_TTL_MS = 10 * 60 * 1000;

const DESCRIPTIONS: Record<string, string> = {
  "chat:write": "Send messages as @switchboard",
  "chat:write.public": "Send messages to channels @switchboard isn't a member of",
  "channels:read": "View basic information about public channels",
  "channels:manage": "Manage public channels that @switchboard has been added to and create new ones",
  "channels:join": "Join public channels",
  "groups:read": "View basic information about private channels that @switchboard has been added to",
  "groups:write": "Manage private channels that @switchboard has been added to and create new ones",
  "users:read": "View people in the workspace",
  "users:read.email": "View email addresses of people in the workspace",
};

function splitScopes(v: string | undefined): string[] {
  return [...new Set((v ?? "").split(/[,\s]+/).filter(Boolean))];
}

export function handleConsent(ctx: Ctx): void {
  record(ctx, "slack oauth.v2.authorize");
  const form = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  const clientId = first(form.client_id);
  const redirectUri = first(form.redirect_uri);
  const state = first(form.state);
  const app = findApp(clientId);
  if (!app) return sendHtml(ctx, 400, errorPage("Invalid client_id parameter", "This app is not known to the sandbox workspace."));
  if (!isAbsoluteUrl(redirectUri)) return sendHtml(ctx, 400, errorPage("Invalid redirect_uri", "The redirect_uri parameter is missing or is not an absolute URL."));
  const requested = splitScopes(first(form.requested) ?? first(form.scope));

  if (ctx.method === "GET") {
    if (requested.length === 0) return sendHtml(ctx, 400, errorPage("Invalid permissions requested", "The scope parameter is missing or empty."));
    return sendHtml(
      ctx,
      200,
      consentPage({
        title: `${app.name} wants to access ${SLACK_STATE.of(ctx.rt).team.name}`,
        account: `${SLACK_STATE.of(ctx.rt).team.name} (${SLACK_STATE.of(ctx.rt).team.domain}.slack.com)`,
        action: "/slack/oauth/v2/authorize",
        scopes: requested.map((name) => ({ name, description: DESCRIPTIONS[name] })),
        hidden: { client_id: app.clientId, redirect_uri: redirectUri, state: state ?? "", requested: requested.join(",") },
      }),
    );
  }

  if (first(form.decision) !== "allow") return redirect(ctx, withParams(redirectUri, { error: "access_denied", state }));
  const ticked = Array.isArray(form.scope) ? form.scope : form.scope ? [form.scope] : [];
  const granted = requested.filter((s) => ticked.includes(s));
  // The demo's convenience for the app's settings page: until a Request URL is set, the app
  // that installed itself is called back at its own origin (POST /_sandbox/slack/app sets another).
  const settings = SLACK_STATE.of(ctx.rt).app;
  settings.requestUrl ??= `${new URL(redirectUri).origin}/api/webhooks/slack`;
  const code = `${SLACK_STATE.of(ctx.rt).team.id}.${randomToken(18)}`;
  SLACK_STATE.of(ctx.rt).codes.set(code, { clientId: app.clientId, redirectUri, scopes: granted, expiresAt: ctx.rt.clock.now() + CODE_TTL_MS, used: false });
  redirect(ctx, withParams(redirectUri, { code, state }));
}
