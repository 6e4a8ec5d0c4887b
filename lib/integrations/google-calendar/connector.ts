// Google Calendar: each published event becomes an entry in the organization's
// calendar, kept in step when it changes or is cancelled; attendees can be added as guests.
import { calendarEntryHandlers } from "../calendar-entry-handlers";
import { defineConnector, type OAuthTokens } from "../contract";
import { callOptions, calendarClient, oauthClient } from "./client";
import { googleEndpoints } from "./endpoints";
import { addGuests, deleteEntry, removeGuests, upsertEntry, ENTRY_KIND } from "./entries";
import { classifyGoogleError } from "./errors";
import { freeBusy } from "./free-busy";
import { googleCalendarInbound } from "./inbound";
import { calendarSync } from "./sync";
import { manifest } from "./manifest";
import { findExternal } from "../external-objects";

// Google answers with the long form of the identity scopes it was asked for by their short names.
const SCOPE_ALIASES: Record<string, string> = {
  "https://www.googleapis.com/auth/userinfo.email": "email",
  "https://www.googleapis.com/auth/userinfo.profile": "profile",
};

function grantedScopes(scope: string | null | undefined): string[] {
  const list = (scope ?? "").split(" ").filter(Boolean);
  return [...new Set(list.flatMap((s) => (SCOPE_ALIASES[s] ? [s, SCOPE_ALIASES[s]] : [s])))];
}

function tokensFrom(t: { access_token?: string | null; refresh_token?: string | null; expiry_date?: number | null; scope?: string | null; token_type?: string | null }): OAuthTokens {
  return {
    accessToken: t.access_token ?? "",
    refreshToken: t.refresh_token ?? undefined,
    expiresAt: t.expiry_date ? new Date(t.expiry_date).toISOString() : undefined,
    scopes: grantedScopes(t.scope),
    tokenType: t.token_type ?? "Bearer",
  };
}

export const connector = defineConnector(manifest, {
  fieldOptions: {
    async calendarId(ctx) {
      const res = await ctx.call("calendarList.list", (signal) => calendarClient(ctx.baseUrl, ctx.credentials.accessToken).calendarList.list({ minAccessRole: "writer" }, callOptions(ctx.baseUrl, signal)));
      return (res.data.items ?? []).map((c) => ({ value: c.primary ? "primary" : c.id!, label: c.summary ?? c.id! }));
    },
  },
  oauth: {
    authorizeUrl: (baseUrl) => googleEndpoints(baseUrl).authorize,
    liveClient: (env) =>
      env.GOOGLE_CALENDAR_CLIENT_ID && env.GOOGLE_CALENDAR_CLIENT_SECRET
        ? { clientId: env.GOOGLE_CALENDAR_CLIENT_ID, clientSecret: env.GOOGLE_CALENDAR_CLIENT_SECRET }
        : null,
    async exchange({ code, redirectUri, codeVerifier, client: app, baseUrl, call }) {
      const client = oauthClient(baseUrl, app, redirectUri);
      const { tokens } = await call("oauth.token", () => client.getToken({ code, codeVerifier, redirect_uri: redirectUri }));
      client.setCredentials(tokens);
      const info = await call("userinfo", (signal) => client.request<{ sub: string; email?: string }>({ url: googleEndpoints(baseUrl).userinfo, signal }));
      return { tokens: tokensFrom(tokens), account: { id: info.data.sub, name: info.data.email ?? info.data.sub } };
    },
    async refresh({ refreshToken, client: app, baseUrl, call }) {
      const client = oauthClient(baseUrl, app);
      client.setCredentials({ refresh_token: refreshToken });
      const { credentials } = await call("oauth.refresh", () => client.refreshAccessToken());
      // Google does not send the refresh token again; refresh() callers keep the old one.
      return tokensFrom({ ...credentials, refresh_token: credentials.refresh_token === refreshToken ? null : credentials.refresh_token });
    },
    async revoke({ tokens, baseUrl, call }) {
      await call("oauth.revoke", () => oauthClient(baseUrl).revokeToken(tokens.refreshToken ?? tokens.accessToken));
    },
  },
  classifyError: classifyGoogleError,
  freeBusy,
  calendarSync,
  inbound: googleCalendarInbound,
  async testConnection(ctx) {
    const res = await ctx.call("calendarList.list", (signal) => calendarClient(ctx.baseUrl, ctx.credentials.accessToken).calendarList.list({ maxResults: 50 }, callOptions(ctx.baseUrl, signal)));
    const primary = res.data.items?.find((c) => c.primary);
    return {
      account: { id: ctx.connection.externalAccountId ?? primary?.id ?? "", name: primary?.id ?? "Google account" },
      detail: `Connected: ${res.data.items?.length ?? 0} calendars visible${primary ? `, primary ${primary.id}` : ""}.`,
    };
  },
  handlers: calendarEntryHandlers({ hasEntry: async (ctx, id) => Boolean(await findExternal(ctx.db, ctx.connection.id, ENTRY_KIND, id)), upsert: upsertEntry, remove: deleteEntry, addGuests, removeGuests }),
});
