// Grants and their tokens: access tokens live an hour of sandbox time; each
// refresh issues a new refresh token whose 100 days start again (Intuit's rolling expiry).
import { randomToken } from "../core/ids";
import type { Grant, QuickBooksState } from "./state";

export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 100 * 24 * 3600;

export function createGrant(state: QuickBooksState, clientId: string, scopes: string[], now: number): Grant {
  const grant: Grant = { id: randomToken(9), clientId, scopes, revoked: false, refreshToken: "", refreshExpiresAt: 0 };
  state.grants.set(grant.id, grant);
  rotateRefreshToken(state, grant, now);
  return grant;
}

export function rotateRefreshToken(state: QuickBooksState, grant: Grant, now: number): string {
  if (grant.refreshToken) state.refreshTokens.delete(grant.refreshToken);
  grant.refreshToken = `sbx-qbo-refresh-${randomToken(30)}`;
  grant.refreshExpiresAt = now + REFRESH_TOKEN_SECONDS * 1000;
  state.refreshTokens.set(grant.refreshToken, grant.id);
  return grant.refreshToken;
}

export function issueAccessToken(state: QuickBooksState, grant: Grant, now: number): string {
  const token = `sbx-qbo-access-${randomToken(36)}`;
  state.accessTokens.set(token, { grantId: grant.id, expiresAt: now + ACCESS_TOKEN_SECONDS * 1000 });
  return token;
}

export function grantForAccessToken(state: QuickBooksState, token: string | undefined, now: number): Grant | null {
  const entry = token ? state.accessTokens.get(token) : undefined;
  if (!entry || entry.expiresAt <= now) return null;
  const grant = state.grants.get(entry.grantId);
  return grant && !grant.revoked ? grant : null;
}

export function grantForRefreshToken(state: QuickBooksState, token: string | undefined, now: number): Grant | null {
  const id = token ? state.refreshTokens.get(token) : undefined;
  const grant = id ? state.grants.get(id) : undefined;
  return grant && !grant.revoked && grant.refreshExpiresAt > now ? grant : null;
}

export function revokeToken(state: QuickBooksState, token: string): boolean {
  const grantId = state.accessTokens.get(token)?.grantId ?? state.refreshTokens.get(token);
  const grant = grantId ? state.grants.get(grantId) : undefined;
  if (!grant || grant.revoked) return false;
  grant.revoked = true;
  return true;
}

export function revokeAll(state: QuickBooksState): number {
  let n = 0;
  for (const g of state.grants.values()) {
    if (!g.revoked) n++;
    g.revoked = true;
  }
  return n;
}

export function expireAll(state: QuickBooksState, now: number): number {
  let n = 0;
  for (const t of state.accessTokens.values()) {
    if (t.expiresAt > now) n++;
    t.expiresAt = Math.min(t.expiresAt, now);
  }
  return n;
}
