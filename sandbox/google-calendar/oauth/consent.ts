// Google's consent screen (accounts.google.com/o/oauth2/v2/auth). Bad requests get
// Google's error page, not a redirect; Allow and Cancel redirect back to the app.
import type { Ctx } from "../../core/context";
import { randomToken } from "../../core/ids";
import { authorize, type AuthorizeParams, type Refusal } from "../../oauth/authorize";
import { CALENDAR_SPEC } from "../spec";
import { CALENDAR_STATE, SANDBOX_GOOGLE_EMAIL, type GoogleCode } from "../state";
import { normalizeScope, previouslyGranted } from "../tokens";

const OPENID_SCOPES: Record<string, string> = {
  openid: "Associate you with your personal info on Google",
  email: "See your primary Google Account email address",
  profile: "See your personal info, including any personal info you've made publicly available",
  "https://www.googleapis.com/auth/userinfo.email": "See your primary Google Account email address",
  "https://www.googleapis.com/auth/userinfo.profile": "See your personal info",
  "https://www.googleapis.com/auth/calendar.calendarlist.readonly": "See the list of Google calendars you're subscribed to",
};

const invalid = (detail: string): Refusal => ({ status: 400, title: "Error 400: invalid_request", detail });

function check(p: AuthorizeParams): Refusal | null {
  if (!p.scope) return invalid("Missing required parameter: scope");
  if (p.access_type && !["online", "offline"].includes(p.access_type)) return invalid(`Invalid access_type: ${p.access_type}`);
  if (p.code_challenge_method && !p.code_challenge) return invalid("Missing code_challenge");
  return null;
}

export function handleGoogleConsent(ctx: Ctx): Promise<void> {
  return authorize<GoogleCode>(ctx, {
    label: "google oauth2.authorize",
    action: "/google-calendar/o/oauth2/v2/auth",
    carried: ["access_type", "prompt", "nonce", "include_granted_scopes"],
    book: (ctx) => CALENDAR_STATE.of(ctx.rt),
    screen: (_ctx, app) => ({ title: `${app.name} wants to access your Google Account`, account: SANDBOX_GOOGLE_EMAIL }),
    errorTitle: "Error 400: invalid_request",
    refuse: {
      unknownClient: () => ({ status: 401, title: "Error 401: invalid_client", detail: "The OAuth client was not found." }),
      redirectUri: (p) =>
        p.redirect_uri ? { status: 400, title: "Error 400: redirect_uri_mismatch", detail: `Invalid parameter value for redirect_uri: ${p.redirect_uri}` } : invalid("Missing required parameter: redirect_uri"),
      responseType: (p) => invalid(`Invalid response_type: ${p.response_type ?? "(missing)"}; the sandbox supports the code flow`),
      challengeMethod: () => invalid("Invalid code_challenge_method"),
    },
    check,
    people: (ctx) => CALENDAR_STATE.of(ctx.rt).people.map((p) => ({ id: p.sub, label: `${p.email} (${p.name})${p.emailVerified ? "" : ", address not verified"}` })),
    async describe(ctx, scopes) {
      const discovery = await ctx.rt.specs.load(CALENDAR_SPEC);
      return scopes.map((name) => OPENID_SCOPES[name] ?? discovery?.scopeDescription(name));
    },
    granted(ctx, ticked, p) {
      const granted = ticked.map(normalizeScope);
      return p.include_granted_scopes === "true" ? [...new Set([...previouslyGranted(CALENDAR_STATE.of(ctx.rt), p.client_id!), ...granted])] : granted;
    },
    newCode: () => `4/sandbox-${randomToken(30)}`,
    code: (p) => ({ offline: p.access_type === "offline", forceConsent: (p.prompt ?? "").split(" ").includes("consent"), nonce: p.nonce ?? null, sub: p.account! }),
    allowed: (code, granted, p) => ({ state: p.state, code, scope: granted.join(" "), authuser: "0", prompt: "consent" }),
  });
}
