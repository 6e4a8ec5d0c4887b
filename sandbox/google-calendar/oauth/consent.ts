// Google's consent screen (accounts.google.com/o/oauth2/v2/auth). Bad requests get
// Google's error page, not a redirect; Allow and Cancel redirect back to the app.
import { findApp } from "../../oauth/apps";
import { consentPage, errorPage, isAbsoluteUrl, withParams } from "../../oauth/consent";
import { first, type Ctx } from "../../core/context";
import { randomToken } from "../../core/ids";
import { record } from "../../core/record";
import { redirect, sendHtml } from "../../core/respond";
import { CALENDAR_STATE, SANDBOX_GOOGLE_EMAIL } from "../state";
import { normalizeScope, previouslyGranted } from "../tokens";
import { CALENDAR_SPEC } from "../spec";

const CODE_TTL_MS = 10 * 60 * 1000;
const ACTION = "/google-calendar/o/oauth2/v2/auth";

const OPENID_SCOPES: Record<string, string> = {
  openid: "Associate you with your personal info on Google",
  email: "See your primary Google Account email address",
  profile: "See your personal info, including any personal info you've made publicly available",
  "https://www.googleapis.com/auth/userinfo.email": "See your primary Google Account email address",
  "https://www.googleapis.com/auth/userinfo.profile": "See your personal info",
  "https://www.googleapis.com/auth/calendar.calendarlist.readonly": "See the list of Google calendars you're subscribed to",
};

/** Parameters carried from the first screen to the decision, unchanged. */
const CARRIED = ["client_id", "redirect_uri", "state", "access_type", "prompt", "code_challenge", "code_challenge_method", "nonce", "include_granted_scopes"];

function problem(params: Record<string, string | undefined>): [number, string, string] | null {
  if (!findApp(params.client_id)) return [401, "Error 401: invalid_client", "The OAuth client was not found."];
  if (!params.redirect_uri) return [400, "Error 400: invalid_request", "Missing required parameter: redirect_uri"];
  if (!isAbsoluteUrl(params.redirect_uri)) return [400, "Error 400: redirect_uri_mismatch", `Invalid parameter value for redirect_uri: ${params.redirect_uri}`];
  if (params.response_type !== "code") return [400, "Error 400: invalid_request", `Invalid response_type: ${params.response_type ?? "(missing)"}; the sandbox supports the code flow`];
  if (!params.scope) return [400, "Error 400: invalid_request", "Missing required parameter: scope"];
  if (params.access_type && !["online", "offline"].includes(params.access_type)) return [400, "Error 400: invalid_request", `Invalid access_type: ${params.access_type}`];
  if (params.code_challenge_method && !["S256", "plain"].includes(params.code_challenge_method)) return [400, "Error 400: invalid_request", "Invalid code_challenge_method"];
  if (params.code_challenge_method && !params.code_challenge) return [400, "Error 400: invalid_request", "Missing code_challenge"];
  return null;
}

export async function handleGoogleConsent(ctx: Ctx): Promise<void> {
  record(ctx, "google oauth2.authorize");
  const source = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  const params: Record<string, string | undefined> = {};
  for (const k of [...CARRIED, "response_type", "scope", "requested", "decision"]) params[k] = first(source[k]);

  if (ctx.method === "GET") {
    const bad = problem(params);
    if (bad) return sendHtml(ctx, bad[0], errorPage(bad[1], bad[2]));
    const requested = [...new Set(params.scope!.split(/\s+/).filter(Boolean))];
    const discovery = await ctx.rt.specs.load(CALENDAR_SPEC);
    const app = findApp(params.client_id)!;
    const hidden: Record<string, string> = { requested: requested.join(" ") };
    for (const k of CARRIED) if (params[k] !== undefined) hidden[k] = params[k]!;
    return sendHtml(
      ctx,
      200,
      consentPage({
        title: `${app.name} wants to access your Google Account`,
        account: SANDBOX_GOOGLE_EMAIL,
        action: ACTION,
        scopes: requested.map((name) => ({ name, description: OPENID_SCOPES[name] ?? discovery?.scopeDescription(name) })),
        hidden,
      }),
    );
  }

  // The decision: the form was ours, but it came back through a browser, so check again.
  const bad = problem({ ...params, response_type: "code", scope: params.requested });
  if (bad) return sendHtml(ctx, bad[0], errorPage(bad[1], bad[2]));
  const redirectUri = params.redirect_uri!;
  if (params.decision !== "allow") return redirect(ctx, withParams(redirectUri, { error: "access_denied", state: params.state }));

  const clientId = params.client_id!;
  const state = CALENDAR_STATE.of(ctx.rt);
  const requested = params.requested!.split(/\s+/).filter(Boolean);
  const ticked = Array.isArray(source.scope) ? source.scope : source.scope ? [source.scope] : [];
  let granted = requested.filter((s) => ticked.includes(s)).map(normalizeScope);
  if (params.include_granted_scopes === "true") granted = [...new Set([...previouslyGranted(state, clientId), ...granted])];
  const code = `4/sandbox-${randomToken(30)}`;
  state.codes.set(code, {
    clientId,
    redirectUri,
    scopes: granted,
    challenge: params.code_challenge ?? null,
    challengeMethod: params.code_challenge ? ((params.code_challenge_method as "S256" | "plain" | undefined) ?? "plain") : null,
    offline: params.access_type === "offline",
    forceConsent: (params.prompt ?? "").split(" ").includes("consent"),
    nonce: params.nonce ?? null,
    expiresAt: ctx.rt.clock.now() + CODE_TTL_MS,
    used: false,
  });
  redirect(ctx, withParams(redirectUri, { state: params.state, code, scope: granted.join(" "), authuser: "0", prompt: "consent" }));
}
