// X: posts about events (lib/social-posting decides when and what). OAuth 2.0
// authorization code with PKCE for a confidential client; X rotates the refresh
// token on every refresh.
import { defineConnector, ProviderCallError, type OAuthTokens } from "../contract";
import { xRequest, xTokenRequest } from "./client";
import { xEndpoints } from "./endpoints";
import { classifyXError, isDuplicatePost } from "./errors";
import { manifest, type XContext } from "./manifest";

/**
 * X's "weighted length" (twitter-text configuration v3): code points in these
 * ranges (Latin and most European scripts, some punctuation) count 1, every other
 * one 2, so "…", CJK and emoji count 2. twitter-text counts an emoji sequence as
 * one emoji; counting each of its code points only ever over-counts.
 */
const X_CHAR_WEIGHTS = {
  ranges: [
    { from: 0x0000, to: 0x10ff, weight: 1 },
    { from: 0x2000, to: 0x200d, weight: 1 },
    { from: 0x2010, to: 0x201f, weight: 1 },
    { from: 0x2032, to: 0x2037, weight: 1 },
  ],
  otherWeight: 2,
};

interface TokenAnswer {
  access_token: string;
  token_type?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
}

interface XUser {
  id: string;
  name: string;
  username: string;
}

function tokensFrom(t: TokenAnswer): OAuthTokens {
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: t.expires_in ? new Date(Date.now() + t.expires_in * 1000).toISOString() : undefined,
    scopes: (t.scope ?? "").split(/\s+/).filter(Boolean),
    tokenType: t.token_type ?? "bearer",
  };
}

const me = async (baseUrl: string, accessToken: string, signal: AbortSignal) => (await xRequest<{ data: XUser }>(`${xEndpoints(baseUrl).api}users/me`, { method: "GET", accessToken, signal })).data;

async function publish(ctx: XContext, post: { text: string }) {
  try {
    const created = await ctx.call("tweets.create", (signal) =>
      xRequest<{ data: { id: string; text: string } }>(`${xEndpoints(ctx.baseUrl).api}tweets`, { method: "POST", accessToken: ctx.credentials.accessToken, body: { text: post.text }, signal }),
    );
    return { posted: true as const, id: created.data.id, url: xEndpoints(ctx.baseUrl).post(created.data.id) };
  } catch (err) {
    // X keeps no idempotency key: a retry of a post whose answer was lost meets this refusal, and so does a person's identical post.
    if (err instanceof ProviderCallError && isDuplicatePost(err.cause)) return { posted: false as const, duplicate: true as const, id: null, url: null };
    throw err;
  }
}

export const connector = defineConnector(manifest, {
  oauth: {
    authorizeUrl: (baseUrl) => xEndpoints(baseUrl).authorize,
    liveClient: (env) => (env.X_CLIENT_ID && env.X_CLIENT_SECRET ? { clientId: env.X_CLIENT_ID, clientSecret: env.X_CLIENT_SECRET } : null),
    async exchange({ code, redirectUri, codeVerifier, client, baseUrl, call }) {
      const answer = await call("oauth2.token", (signal) =>
        xTokenRequest<TokenAnswer>(xEndpoints(baseUrl).token, client, { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: codeVerifier ?? "", client_id: client.clientId }, signal),
      );
      const user = await call("users.me", (signal) => me(baseUrl, answer.access_token, signal));
      return { tokens: tokensFrom(answer), account: { id: user.id, name: `@${user.username}` } };
    },
    async refresh({ refreshToken, client, baseUrl, call }) {
      const answer = await call("oauth2.refresh", (signal) => xTokenRequest<TokenAnswer>(xEndpoints(baseUrl).token, client, { grant_type: "refresh_token", refresh_token: refreshToken, client_id: client.clientId }, signal));
      return tokensFrom(answer);
    },
    async revoke({ tokens, client, baseUrl, call }) {
      // Revoking the refresh token ends the whole grant.
      const token = tokens.refreshToken ?? tokens.accessToken;
      await call("oauth2.revoke", (signal) => xTokenRequest(xEndpoints(baseUrl).revoke, client, { token, token_type_hint: tokens.refreshToken ? "refresh_token" : "access_token", client_id: client.clientId }, signal));
    },
  },
  classifyError: classifyXError,
  async testConnection(ctx) {
    const user = await ctx.call("users.me", (signal) => me(ctx.baseUrl, ctx.credentials.accessToken, signal));
    return { account: { id: user.id, name: `@${user.username}` }, detail: `Connected as ${user.name} (@${user.username}); events are posted from this account.` };
  },
  handlers: {},
  socialPosts: { network: "X", maxLength: 280, linkLength: 23, charWeights: X_CHAR_WEIGHTS, publish },
});
