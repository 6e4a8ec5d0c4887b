// Zoom: each online event gets a meeting when it is published, kept in step when
// it changes and deleted when it is cancelled; its join link goes on the event
// (lib/meetings), so confirmations and calendar entries carry it. Zoom's
// notifications tell us when a meeting was deleted by hand.
import { defineConnector, type OAuthTokens } from "../contract";
import { zoomRequest, zoomTokenRequest } from "./client";
import { zoomEndpoints } from "./endpoints";
import { classifyZoomError } from "./errors";
import { zoomInbound } from "./inbound";
import { manifest } from "./manifest";
import { removeMeeting, syncMeeting } from "./meetings";

interface TokenAnswer {
  access_token: string;
  token_type?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
}

interface ZoomUser {
  id: string;
  account_id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}

function tokensFrom(t: TokenAnswer): OAuthTokens {
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: t.expires_in ? new Date(Date.now() + t.expires_in * 1000).toISOString() : undefined,
    scopes: (t.scope ?? "").split(/[ ,]+/).filter(Boolean),
    tokenType: t.token_type ?? "bearer",
  };
}

const me = (baseUrl: string, accessToken: string, signal: AbortSignal) => zoomRequest<ZoomUser>(`${zoomEndpoints(baseUrl).api}users/me`, { method: "GET", accessToken, signal });

export const connector = defineConnector(manifest, {
  oauth: {
    authorizeUrl: (baseUrl) => zoomEndpoints(baseUrl).authorize,
    liveClient: (env) => (env.ZOOM_CLIENT_ID && env.ZOOM_CLIENT_SECRET ? { clientId: env.ZOOM_CLIENT_ID, clientSecret: env.ZOOM_CLIENT_SECRET } : null),
    async exchange({ code, redirectUri, codeVerifier, client, baseUrl, call }) {
      const answer = await call("oauth.token", (signal) =>
        zoomTokenRequest<TokenAnswer>(zoomEndpoints(baseUrl).token, client, { grant_type: "authorization_code", code, redirect_uri: redirectUri, ...(codeVerifier ? { code_verifier: codeVerifier } : {}) }, signal),
      );
      const user = await call("users.me", (signal) => me(baseUrl, answer.access_token, signal));
      // Zoom's notifications name the account, so the account is what the connection is linked to.
      return { tokens: tokensFrom(answer), account: { id: user.account_id, name: user.email ?? user.id } };
    },
    async refresh({ refreshToken, client, baseUrl, call }) {
      // Zoom rotates refresh tokens: the answer carries the one to keep.
      const answer = await call("oauth.refresh", (signal) => zoomTokenRequest<TokenAnswer>(zoomEndpoints(baseUrl).token, client, { grant_type: "refresh_token", refresh_token: refreshToken }, signal));
      return tokensFrom(answer);
    },
    async revoke({ tokens, client, baseUrl, call }) {
      await call("oauth.revoke", (signal) => zoomTokenRequest(zoomEndpoints(baseUrl).revoke, client, { token: tokens.accessToken }, signal));
    },
  },
  classifyError: classifyZoomError,
  async testConnection(ctx) {
    const user = await ctx.call("users.me", (signal) => me(ctx.baseUrl, ctx.credentials.accessToken, signal));
    const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
    return {
      account: { id: ctx.connection.externalAccountId ?? user.account_id, name: user.email ?? user.id },
      detail: `Connected as ${name ? `${name} (${user.email ?? user.id})` : (user.email ?? user.id)}; meetings are created in this user's Zoom account.`,
    };
  },
  handlers: {
    "event.published": (event, ctx) => syncMeeting(ctx, event.payload.event),
    "event.updated": (event, ctx) => syncMeeting(ctx, event.payload.event),
    "event.cancelled": (event, ctx) => removeMeeting(ctx, event.payload.event),
  },
  inbound: zoomInbound,
});
