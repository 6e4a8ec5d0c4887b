// Grants and their tokens. Access tokens live an hour of sandbox time; the
// identity platform rotates refresh tokens, so each refresh retires the one it used.
import { randomToken } from "../core/ids";
import type { Grant, Microsoft365State } from "./state";

export const ACCESS_TOKEN_SECONDS = 3599;

export function createGrant(state: Microsoft365State, clientId: string, scopes: string[]): Grant {
  const grant: Grant = { id: randomToken(9), clientId, scopes, revoked: false, refreshToken: "" };
  state.grants.set(grant.id, grant);
  rotateRefreshToken(state, grant);
  return grant;
}

export function rotateRefreshToken(state: Microsoft365State, grant: Grant): string {
  if (grant.refreshToken) state.refreshTokens.delete(grant.refreshToken);
  grant.refreshToken = `0.sbx-m365-refresh-${randomToken(30)}`;
  state.refreshTokens.set(grant.refreshToken, grant.id);
  return grant.refreshToken;
}

export function issueAccessToken(state: Microsoft365State, grant: Grant, now: number): string {
  const token = `eyJ0eXAiOiJKV1Qi.sbx-m365-access-${randomToken(36)}`;
  state.accessTokens.set(token, { grantId: grant.id, expiresAt: now + ACCESS_TOKEN_SECONDS * 1000 });
  return token;
}

export function grantForAccessToken(state: Microsoft365State, token: string | undefined, now: number): Grant | null {
  const entry = token ? state.accessTokens.get(token) : undefined;
  if (!entry || entry.expiresAt <= now) return null;
  const grant = state.grants.get(entry.grantId);
  return grant && !grant.revoked ? grant : null;
}

export function grantForRefreshToken(state: Microsoft365State, token: string | undefined): Grant | null {
  const id = token ? state.refreshTokens.get(token) : undefined;
  const grant = id ? state.grants.get(id) : undefined;
  return grant && !grant.revoked ? grant : null;
}

export function revokeToken(state: Microsoft365State, token: string | undefined): number {
  let n = 0;
  for (const g of state.grants.values()) {
    const mine = token === undefined || g.refreshToken === token || state.accessTokens.get(token)?.grantId === g.id;
    if (mine && !g.revoked) {
      g.revoked = true;
      n++;
    }
  }
  return n;
}

export function expireAll(state: Microsoft365State, now: number): number {
  let n = 0;
  for (const t of state.accessTokens.values()) {
    if (t.expiresAt > now) n++;
    t.expiresAt = Math.min(t.expiresAt, now);
  }
  return n;
}
