// Revoking, expiring and minting credentials, so tests reach the failure paths of
// authentication without walking through a consent screen each time.
import type { Runtime } from "../core/context";
import { isProvider, providerChoices, type Provider } from "../core/providers";
import { createGrant, expireAll, issueAccessToken, revokeAll, revokeToken, ACCESS_TOKEN_SECONDS } from "../google/tokens";
import { findApp, SANDBOX_APPS } from "../apps";
import { ALL_BOT_SCOPES, issueBotToken } from "../slack/tokens";
import { revokePaypal } from "../paypal/auth";

export type ControlResult = { status: number; body: unknown };

const bad = (message: string): ControlResult => ({ status: 400, body: { error: message } });

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function revokeSlack(rt: Runtime, token: string | undefined): number {
  const tokens = [...rt.state.slack.tokens.values()].filter((t) => !t.revoked && (token === undefined || t.token === token));
  for (const t of tokens) t.revoked = true;
  return tokens.length;
}

/** SendGrid and Stripe keys are any key of the right shape: revoking all revokes those seen so far. */
function revokeKeys(s: { seenKeys: Set<string>; revokedKeys: Set<string> }, token: string | undefined): number {
  const keys = token !== undefined ? [token] : [...s.seenKeys];
  const fresh = keys.filter((k) => !s.revokedKeys.has(k));
  for (const k of fresh) s.revokedKeys.add(k);
  return fresh.length;
}

export function revoke(rt: Runtime, input: unknown): ControlResult {
  const o = obj(input);
  if (!o || !isProvider(o.provider)) return bad(`provider must be ${providerChoices()}`);
  if (o.token !== undefined && typeof o.token !== "string") return bad("token must be a string");
  const token = o.token as string | undefined;
  const provider: Provider = o.provider;
  let revoked: number;
  if (provider === "slack") revoked = revokeSlack(rt, token);
  else if (provider === "sendgrid") revoked = revokeKeys(rt.state.sendgrid, token);
  else if (provider === "stripe") revoked = revokeKeys(rt.state.stripe, token);
  else if (provider === "payrexx") revoked = revokeKeys(rt.state.payrexx, token);
  else if (provider === "paypal") revoked = revokePaypal(rt.state.paypal, token);
  else revoked = token !== undefined ? Number(revokeToken(rt.state.google, token)) : revokeAll(rt.state.google);
  if (token !== undefined && revoked === 0) return { status: 404, body: { error: "no live token matches" } };
  return { status: 200, body: { provider, revoked } };
}

export function expire(rt: Runtime, input: unknown): ControlResult {
  const o = obj(input);
  if (!o || o.provider !== "google") return bad('only Google access tokens expire: send {"provider":"google"}');
  return { status: 200, body: { provider: "google", expired: expireAll(rt.state.google, rt.clock.now()) } };
}

export function advanceClock(rt: Runtime, input: unknown): ControlResult {
  const o = obj(input);
  const seconds = o?.advanceSeconds;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) return bad("advanceSeconds must be a non-negative number");
  rt.clock.advance(seconds);
  return { status: 200, body: { now: new Date(rt.clock.now()).toISOString() } };
}

/** Issues a token directly, as a finished OAuth flow would have; scopes default to all the sandbox knows. */
export function mint(rt: Runtime, input: unknown): ControlResult {
  const o = obj(input);
  if (!o || (o.provider !== "slack" && o.provider !== "google")) return bad('provider must be "slack" or "google"');
  if (o.scopes !== undefined && !(Array.isArray(o.scopes) && o.scopes.every((s) => typeof s === "string"))) return bad("scopes must be an array of strings");
  const scopes = o.scopes as string[] | undefined;
  if (o.provider === "slack") {
    const t = issueBotToken(rt.state.slack, scopes ?? ALL_BOT_SCOPES);
    return { status: 201, body: { access_token: t.token, token_type: "bot", scope: t.scopes.join(",") } };
  }
  const clientId = typeof o.clientId === "string" ? o.clientId : SANDBOX_APPS[0]!.clientId;
  if (!findApp(clientId)) return bad("unknown clientId");
  const all = ["openid", "email", "profile", "https://www.googleapis.com/auth/calendar"];
  const grant = createGrant(rt.state.google, { clientId, scopes: scopes ?? all, offline: true, nonce: null });
  return {
    status: 201,
    body: {
      access_token: issueAccessToken(rt.state.google, grant, rt.clock.now()),
      refresh_token: grant.refreshToken,
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: grant.scopes.join(" "),
      token_type: "Bearer",
    },
  };
}
