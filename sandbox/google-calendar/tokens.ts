// Grants and the tokens they yield. Access tokens live 3599 s of sandbox time; a
// revoked grant takes its access and refresh tokens with it, as Google's revoke does.
import { randomToken } from "../core/ids";
import type { Grant, GoogleCalendarState } from "./state";

export const ACCESS_TOKEN_SECONDS = 3599;

/** Google returns the long names for the OpenID shorthands it was asked for. */
const SCOPE_ALIASES: Record<string, string> = {
  email: "https://www.googleapis.com/auth/userinfo.email",
  profile: "https://www.googleapis.com/auth/userinfo.profile",
};

export function normalizeScope(scope: string): string {
  return SCOPE_ALIASES[scope] ?? scope;
}

export function hasScope(scopes: string[], wanted: string): boolean {
  const w = normalizeScope(wanted);
  return scopes.some((s) => normalizeScope(s) === w);
}

export function createGrant(state: GoogleCalendarState, input: { clientId: string; scopes: string[]; offline: boolean; nonce: string | null }): Grant {
  const grant: Grant = {
    id: randomToken(9),
    clientId: input.clientId,
    scopes: input.scopes.map(normalizeScope),
    revoked: false,
    refreshToken: input.offline ? `1//sandbox-${randomToken(30)}` : null,
    nonce: input.nonce,
  };
  state.grants.set(grant.id, grant);
  if (grant.refreshToken) state.refreshTokens.set(grant.refreshToken, grant.id);
  return grant;
}

export function issueAccessToken(state: GoogleCalendarState, grant: Grant, now: number): string {
  const token = `ya29.sandbox-${randomToken(36)}`;
  state.accessTokens.set(token, { grantId: grant.id, expiresAt: now + ACCESS_TOKEN_SECONDS * 1000 });
  return token;
}

/** The live grant behind an access token; null when the token is unknown, expired or revoked. */
export function grantForAccessToken(state: GoogleCalendarState, token: string | undefined, now: number): Grant | null {
  if (!token) return null;
  const entry = state.accessTokens.get(token);
  if (!entry || entry.expiresAt <= now) return null;
  const grant = state.grants.get(entry.grantId);
  return grant && !grant.revoked ? grant : null;
}

export function grantForRefreshToken(state: GoogleCalendarState, token: string | undefined): Grant | null {
  const id = token ? state.refreshTokens.get(token) : undefined;
  const grant = id ? state.grants.get(id) : undefined;
  return grant && !grant.revoked ? grant : null;
}

/** Revokes the grant an access or refresh token belongs to; false if the token is unknown or already dead. */
export function revokeToken(state: GoogleCalendarState, token: string): boolean {
  const grantId = state.accessTokens.get(token)?.grantId ?? state.refreshTokens.get(token);
  const grant = grantId ? state.grants.get(grantId) : undefined;
  if (!grant || grant.revoked) return false;
  grant.revoked = true;
  return true;
}

export function revokeAll(state: GoogleCalendarState): number {
  let n = 0;
  for (const g of state.grants.values()) {
    if (!g.revoked) n++;
    g.revoked = true;
  }
  return n;
}

export function expireAll(state: GoogleCalendarState, now: number): number {
  let n = 0;
  for (const t of state.accessTokens.values()) {
    if (t.expiresAt > now) n++;
    t.expiresAt = Math.min(t.expiresAt, now);
  }
  return n;
}

/** Whether this app already holds a live refresh token for the user (Google then sends no new one). */
export function hasLiveRefreshToken(state: GoogleCalendarState, clientId: string): boolean {
  return [...state.grants.values()].some((g) => g.clientId === clientId && !g.revoked && g.refreshToken !== null);
}

/** Scopes this app was granted before and still holds, for include_granted_scopes. */
export function previouslyGranted(state: GoogleCalendarState, clientId: string): string[] {
  return [...new Set([...state.grants.values()].filter((g) => g.clientId === clientId && !g.revoked).flatMap((g) => g.scopes))];
}
