// "Request user authorization (OAuth) during installation": the install page hands
// the person who installed a one-time code, the App redeems it at
// /login/oauth/access_token with its client id and secret for a user access token
// (ghu_, eight hours), and GET /user/installations with that token lists only the
// installations that person may administer. GitHub's OAuth endpoints are not in its
// REST OpenAPI description, so the token request is checked with zod, and refused
// in GitHub's own words (200 with an error field, as github.com answers).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { basicCredentials, type Ctx } from "../core/context";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { findApp } from "../oauth/apps";
import type { CodeRefusal } from "../oauth/grants";
import { GITHUB_SIGNIN_CODES } from "./sign-in";
import { GITHUB_STATE, type GithubState, type Installation } from "./state";

export const USER_CODE_MS = 10 * 60 * 1000;
const USER_TOKEN_SECONDS = 8 * 60 * 60;
const REFRESH_TOKEN_SECONDS = 184 * 24 * 60 * 60;
const TROUBLESHOOTING = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";

const opaque = (prefix: string) => `${prefix}${randomBytes(27).toString("base64url").replace(/[-_]/g, "A").slice(0, 36)}`;

export function issueUserCode(state: GithubState, login: string, nowMs: number): string {
  const code = randomBytes(10).toString("hex");
  state.userCodes.set(code, { login: login.toLowerCase(), expiresAt: nowMs + USER_CODE_MS });
  return code;
}

export function mayAdminister(inst: Installation, login: string): boolean {
  return !inst.deleted && inst.admins.includes(login.toLowerCase());
}

const tokenRequest = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  code: z.string().min(1),
  redirect_uri: z.string().optional(),
  code_verifier: z.string().optional(),
});

const CODE_REFUSED: Record<CodeRefusal, [string, string, string]> = {
  unknown: ["bad_verification_code", "The code passed is incorrect or expired.", "bad-verification-code"],
  spent: ["bad_verification_code", "The code passed is incorrect or expired.", "bad-verification-code"],
  elsewhere: ["bad_verification_code", "The code passed is incorrect or expired.", "bad-verification-code"],
  redirect_uri: ["redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.", "redirect-uri-mismatch2"],
  verifier_missing: ["bad_verification_code", "The code_verifier is required for a code issued with a code_challenge.", "bad-verification-code"],
  verifier_mismatch: ["bad_verification_code", "The code_verifier does not match the code_challenge of the authorization request.", "bad-verification-code"],
};

function refuse(ctx: Ctx, error: string, description: string, anchor: string): void {
  sendJson(ctx, 200, { error, error_description: description, error_uri: `${TROUBLESHOOTING}#${anchor}` });
}

/** POST /login/oauth/access_token (form or JSON, as github.com takes either). */
export function handleAccessToken(ctx: Ctx): void {
  record(ctx, "github oauth.access_token");
  const raw = ctx.body.kind === "form" || ctx.body.kind === "json" ? ctx.body.value : Object.fromEntries(ctx.url.searchParams);
  // The client may authenticate with HTTP Basic instead of body fields, as openid-client does by default.
  const basic = basicCredentials(ctx);
  const parsed = tokenRequest.safeParse(basic && typeof raw === "object" && raw !== null ? { client_id: basic.id, client_secret: basic.secret, ...raw } : raw);
  if (!parsed.success) return refuse(ctx, "bad_verification_code", "The code passed is incorrect or expired.", "bad-verification-code");
  const app = findApp(parsed.data.client_id);
  if (!app || app.clientSecret !== parsed.data.client_secret) {
    return refuse(ctx, "incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.", "incorrect-client-credentials");
  }
  const state = GITHUB_STATE.of(ctx.rt);
  const now = Date.now();
  if (state.codes.has(parsed.data.code)) return redeemSignInCode(ctx, state, parsed.data, now);
  const grant = state.userCodes.get(parsed.data.code);
  // A code is good once: redeemed or not, a second try finds nothing.
  state.userCodes.delete(parsed.data.code);
  if (!grant || grant.expiresAt <= now) return refuse(ctx, "bad_verification_code", "The code passed is incorrect or expired.", "bad-verification-code");
  const token = opaque("ghu_");
  state.userTokens.set(token, { login: grant.login, expiresAt: now + USER_TOKEN_SECONDS * 1000 });
  sendJson(ctx, 200, { access_token: token, expires_in: USER_TOKEN_SECONDS, refresh_token: opaque("ghr_"), refresh_token_expires_in: REFRESH_TOKEN_SECONDS, scope: "", token_type: "bearer" });
}

/** A code from the sign-in flow: once, by its app, at its redirect_uri (when the request names one), with its PKCE verifier. */
function redeemSignInCode(ctx: Ctx, state: GithubState, req: z.infer<typeof tokenRequest>, now: number): void {
  const issued = state.codes.get(req.code)!;
  const redeemed = GITHUB_SIGNIN_CODES.redeemCode(state, { code: req.code, clientId: req.client_id, redirectUri: req.redirect_uri ?? issued.redirectUri, verifier: req.code_verifier, now: ctx.rt.clock.now() });
  if ("refusal" in redeemed) return refuse(ctx, ...CODE_REFUSED[redeemed.refusal]);
  const token = opaque("gho_");
  state.userTokens.set(token, { login: redeemed.code.login, expiresAt: now + USER_TOKEN_SECONDS * 1000 });
  sendJson(ctx, 200, { access_token: token, token_type: "bearer", scope: redeemed.code.scopes.join(",") });
}
