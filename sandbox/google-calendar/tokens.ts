// Google's token formats and scope spelling. Access tokens live 3599 s of sandbox
// time; a refresh token is never rotated; a revoked grant takes its access and
// refresh tokens with it, as Google's revoke does.
import { randomToken } from "../core/ids";
import { grantTokens } from "../oauth/grants";
import type { GoogleCalendarState, GoogleGrant, GoogleUser } from "./state";

export const GOOGLE_TOKENS = grantTokens({
  accessToken: () => `ya29.sandbox-${randomToken(36)}`,
  refreshToken: () => `1//sandbox-${randomToken(30)}`,
});

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

/** A grant as Google makes it: long scope names, a refresh token only for offline access. */
export function createGrant(state: GoogleCalendarState, input: { clientId: string; scopes: string[]; offline: boolean; nonce: string | null; sub?: string }, now: number): GoogleGrant {
  return GOOGLE_TOKENS.createGrant(state, { clientId: input.clientId, scopes: input.scopes.map(normalizeScope), nonce: input.nonce, sub: input.sub ?? state.user.sub, refresh: input.offline }, now);
}

/** The account a grant was made by (the calendar's owner for grants minted without one). */
export function personOf(state: GoogleCalendarState, grant: GoogleGrant): GoogleUser {
  return state.people.find((p) => p.sub === grant.sub) ?? state.user;
}

/** Whether this app already holds a live refresh token for the user (Google then sends no new one). */
export function hasLiveRefreshToken(state: GoogleCalendarState, clientId: string): boolean {
  return [...state.grants.values()].some((g) => g.clientId === clientId && !g.revoked && g.refreshToken !== null);
}

/** Scopes this app was granted before and still holds, for include_granted_scopes. */
export function previouslyGranted(state: GoogleCalendarState, clientId: string): string[] {
  return [...new Set([...state.grants.values()].filter((g) => g.clientId === clientId && !g.revoked).flatMap((g) => g.scopes))];
}
