// Google's OAuth for the Drive emulation, on the same paths Google Calendar's uses
// under its own prefix: the consent screen (accounts.google.com/o/oauth2/v2/auth),
// the token endpoint (authorization code with PKCE, refresh) and revoke, with
// Google's error codes. A refresh token comes only with access_type=offline.
import { basicCredentials, first, type Ctx } from "../core/context";
import type { FormFields } from "../core/body";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import { authorize, type Refusal } from "../oauth/authorize";
import type { CodeRefusal, Grant } from "../oauth/grants";
import { oauthError } from "./errors";
import { DRIVE_STATE, type DriveCode } from "./state";
import { DRIVE_TOKENS, KNOWN_SCOPES } from "./tokens";

const invalid = (detail: string): Refusal => ({ status: 400, title: "Error 400: invalid_request", detail });

export function handleConsent(ctx: Ctx): Promise<void> {
  return authorize<DriveCode>(ctx, {
    label: "google oauth2.authorize",
    action: "/google-drive/o/oauth2/v2/auth",
    carried: ["access_type", "prompt", "include_granted_scopes"],
    book: (ctx) => DRIVE_STATE.of(ctx.rt),
    screen: (ctx, app) => ({ title: `${app.name} wants to access your Google Account`, account: DRIVE_STATE.of(ctx.rt).user.emailAddress }),
    errorTitle: "Error 400: invalid_request",
    refuse: {
      unknownClient: () => ({ status: 401, title: "Error 401: invalid_client", detail: "The OAuth client was not found." }),
      redirectUri: (p) =>
        p.redirect_uri ? { status: 400, title: "Error 400: redirect_uri_mismatch", detail: `Invalid parameter value for redirect_uri: ${p.redirect_uri}` } : invalid("Missing required parameter: redirect_uri"),
      responseType: (p) => invalid(`Invalid response_type: ${p.response_type ?? "(missing)"}; the sandbox supports the code flow`),
      challengeMethod: () => invalid("Invalid code_challenge_method"),
    },
    check: (p) => (!p.scope ? invalid("Missing required parameter: scope") : null),
    requested(scope) {
      const asked = [...new Set(scope.split(/\s+/).filter(Boolean))];
      const unknown = asked.find((s) => !KNOWN_SCOPES[s]);
      return unknown ? { status: 400, title: "Error 400: invalid_scope", detail: `Some requested scopes were invalid: ${unknown}` } : asked;
    },
    describe: async (_ctx, scopes) => scopes.map((s) => KNOWN_SCOPES[s]),
    newCode: () => `4/sandbox-drive-${randomToken(30)}`,
    code: (p) => ({ offline: p.access_type === "offline" }),
    allowed: (code, granted, p) => ({ state: p.state, code, scope: granted.join(" "), authuser: "0", prompt: "consent" }),
  });
}

function fields(ctx: Ctx): FormFields {
  return ctx.body.kind === "form" ? ctx.body.value : {};
}

const CODE_REFUSED: Record<CodeRefusal, [string, string]> = {
  unknown: ["invalid_grant", "Malformed auth code."],
  spent: ["invalid_grant", "Bad Request"],
  elsewhere: ["invalid_grant", "Bad Request"],
  redirect_uri: ["redirect_uri_mismatch", "Bad Request"],
  verifier_missing: ["invalid_grant", "Missing code verifier."],
  verifier_mismatch: ["invalid_grant", "Invalid code verifier."],
};

function tokenResponse(ctx: Ctx, grant: Grant, withRefresh: boolean): void {
  const accessToken = DRIVE_TOKENS.issueAccessToken(DRIVE_STATE.of(ctx.rt), grant, ctx.rt.clock.now());
  sendJson(
    ctx,
    200,
    {
      access_token: accessToken,
      expires_in: DRIVE_TOKENS.accessSeconds,
      ...(withRefresh && grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
      scope: grant.scopes.join(" "),
      token_type: "Bearer",
    },
    { "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate", Pragma: "no-cache" },
  );
}

export function handleToken(ctx: Ctx): void {
  const f = fields(ctx);
  const grantType = first(f.grant_type);
  record(ctx, `google oauth2.token (${grantType ?? "no grant_type"})`);
  const basic = basicCredentials(ctx);
  const app = findApp(first(f.client_id) ?? basic?.id);
  if (!app) return oauthError(ctx, 401, "invalid_client", "The OAuth client was not found.");
  if ((first(f.client_secret) ?? basic?.secret) !== app.clientSecret) return oauthError(ctx, 401, "invalid_client", "Unauthorized");
  const state = DRIVE_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  if (grantType === "authorization_code") {
    if (!first(f.code)) return oauthError(ctx, 400, "invalid_request", "Missing required parameter: code");
    const redeemed = DRIVE_TOKENS.redeemCode(state, { code: first(f.code), clientId: app.clientId, redirectUri: first(f.redirect_uri), verifier: first(f.code_verifier), now });
    if ("refusal" in redeemed) return oauthError(ctx, 400, ...CODE_REFUSED[redeemed.refusal]);
    const code = redeemed.code;
    const grant = DRIVE_TOKENS.createGrant(state, { clientId: app.clientId, scopes: code.scopes, refresh: code.offline }, now);
    return tokenResponse(ctx, grant, true);
  }
  if (grantType === "refresh_token") {
    const refreshToken = first(f.refresh_token);
    if (!refreshToken) return oauthError(ctx, 400, "invalid_request", "Missing required parameter: refresh_token");
    const grant = DRIVE_TOKENS.grantForRefreshToken(state, refreshToken, now);
    if (!grant) return oauthError(ctx, 400, "invalid_grant", "Token has been expired or revoked.");
    if (grant.clientId !== app.clientId) return oauthError(ctx, 400, "unauthorized_client", "Unauthorized");
    return tokenResponse(ctx, grant, false);
  }
  oauthError(ctx, 400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
}

/** POST /google-drive/revoke?token=… (the token may also come form-encoded). */
export function handleRevoke(ctx: Ctx): void {
  record(ctx, "google oauth2.revoke");
  const token = first(ctx.query.token) ?? first(fields(ctx).token);
  if (!token || !DRIVE_TOKENS.revokeToken(DRIVE_STATE.of(ctx.rt), token)) return oauthError(ctx, 400, "invalid_token", "Token expired or revoked");
  sendJson(ctx, 200, {});
}
