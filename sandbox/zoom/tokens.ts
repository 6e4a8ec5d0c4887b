// Grants and their tokens. Access tokens live an hour of sandbox time; Zoom
// rotates refresh tokens, so each refresh retires the one it used.
import { randomToken } from "../core/ids";
import type { Grant, ZoomState } from "./state";

export const ACCESS_TOKEN_SECONDS = 3599;

export function createGrant(state: ZoomState, clientId: string, scopes: string[]): Grant {
  const grant: Grant = { id: randomToken(9), clientId, scopes, revoked: false, refreshToken: "" };
  state.grants.set(grant.id, grant);
  rotateRefreshToken(state, grant);
  return grant;
}

export function rotateRefreshToken(state: ZoomState, grant: Grant): string {
  if (grant.refreshToken) state.refreshTokens.delete(grant.refreshToken);
  grant.refreshToken = `sbx-zoom-refresh-${randomToken(30)}`;
  state.refreshTokens.set(grant.refreshToken, grant.id);
  return grant.refreshToken;
}

export function issueAccessToken(state: ZoomState, grant: Grant, now: number): string {
  const token = `sbx-zoom-access-${randomToken(36)}`;
  state.accessTokens.set(token, { grantId: grant.id, expiresAt: now + ACCESS_TOKEN_SECONDS * 1000 });
  return token;
}

export function grantForAccessToken(state: ZoomState, token: string | undefined, now: number): Grant | null {
  const entry = token ? state.accessTokens.get(token) : undefined;
  if (!entry || entry.expiresAt <= now) return null;
  const grant = state.grants.get(entry.grantId);
  return grant && !grant.revoked ? grant : null;
}

export function grantForRefreshToken(state: ZoomState, token: string | undefined): Grant | null {
  const id = token ? state.refreshTokens.get(token) : undefined;
  const grant = id ? state.grants.get(id) : undefined;
  return grant && !grant.revoked ? grant : null;
}

export function revokeToken(state: ZoomState, token: string): boolean {
  const grantId = state.accessTokens.get(token)?.grantId ?? state.refreshTokens.get(token);
  const grant = grantId ? state.grants.get(grantId) : undefined;
  if (!grant || grant.revoked) return false;
  grant.revoked = true;
  return true;
}

export function revokeAll(state: ZoomState): number {
  let n = 0;
  for (const g of state.grants.values()) {
    if (!g.revoked) n++;
    g.revoked = true;
  }
  return n;
}

export function expireAll(state: ZoomState, now: number): number {
  let n = 0;
  for (const t of state.accessTokens.values()) {
    if (t.expiresAt > now) n++;
    t.expiresAt = Math.min(t.expiresAt, now);
  }
  return n;
}
