// LinkedIn: posts about events (lib/social-posting decides when and what), as the
// member or as a page the member administers. 3-legged OAuth; LinkedIn's access
// tokens last 60 days and only some apps get refresh tokens, so a refresh token
// is used when LinkedIn gave one.
import { defineConnector, type OAuthTokens } from "../contract";
import { linkedinRequest, linkedinTokenRequest } from "./client";
import { linkedinEndpoints } from "./endpoints";
import { classifyLinkedInError } from "./errors";
import { manifest } from "./manifest";
import { administeredPages, authorOf, publishPost } from "./posts";

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
  token_type?: string;
}

interface UserInfo {
  sub: string;
  name?: string;
  email?: string;
}

function tokensFrom(t: TokenAnswer, now = Date.now()): OAuthTokens {
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: t.expires_in ? new Date(now + t.expires_in * 1000).toISOString() : undefined,
    scopes: (t.scope ?? "").split(/[\s,]+/).filter(Boolean),
    tokenType: t.token_type ?? "Bearer",
    refreshTokenExpiresAt: t.refresh_token_expires_in ? new Date(now + t.refresh_token_expires_in * 1000).toISOString() : undefined,
  };
}

const userinfo = async (baseUrl: string, accessToken: string, signal: AbortSignal) => (await linkedinRequest<UserInfo>(linkedinEndpoints(baseUrl).userinfo, { method: "GET", accessToken, signal })).body;

export const connector = defineConnector(manifest, {
  oauth: {
    authorizeUrl: (baseUrl) => linkedinEndpoints(baseUrl).authorize,
    liveClient: (env) => (env.LINKEDIN_CLIENT_ID && env.LINKEDIN_CLIENT_SECRET ? { clientId: env.LINKEDIN_CLIENT_ID, clientSecret: env.LINKEDIN_CLIENT_SECRET } : null),
    async exchange({ code, redirectUri, client, baseUrl, call }) {
      const answer = await call("oauth.accessToken", (signal) => linkedinTokenRequest<TokenAnswer>(linkedinEndpoints(baseUrl).token, client, { grant_type: "authorization_code", code, redirect_uri: redirectUri }, signal));
      const me = await call("userinfo", (signal) => userinfo(baseUrl, answer.access_token, signal));
      // The member's id is what their person URN is made of: urn:li:person:<sub>.
      return { tokens: tokensFrom(answer), account: { id: me.sub, name: me.name ?? me.email ?? me.sub } };
    },
    async refresh({ refreshToken, client, baseUrl, call }) {
      const answer = await call("oauth.refresh", (signal) => linkedinTokenRequest<TokenAnswer>(linkedinEndpoints(baseUrl).token, client, { grant_type: "refresh_token", refresh_token: refreshToken }, signal));
      return tokensFrom({ ...answer, refresh_token: answer.refresh_token ?? refreshToken });
    },
    async revoke({ tokens, client, baseUrl, call }) {
      await call("oauth.revoke", (signal) => linkedinTokenRequest(linkedinEndpoints(baseUrl).revoke, client, { token: tokens.accessToken }, signal));
    },
  },
  classifyError: classifyLinkedInError,
  async testConnection(ctx) {
    const me = await ctx.call("userinfo", (signal) => userinfo(ctx.baseUrl, ctx.credentials.accessToken, signal));
    const name = me.name ?? me.email ?? me.sub;
    const author = authorOf(ctx);
    let as = "as yourself";
    if (author.startsWith("urn:li:organization:")) {
      const page = (await administeredPages(ctx)).find((p) => p.value === author);
      as = page ? `as the page ${page.label}` : `as ${author}, a page this account no longer administers: choose another under "Post as"`;
    }
    return { account: { id: me.sub, name }, detail: `Connected as ${name}; events are posted ${as}.` };
  },
  fieldOptions: { author: administeredPages },
  handlers: {},
  socialPosts: { network: "LinkedIn", maxLength: 3000, publish: publishPost },
});
