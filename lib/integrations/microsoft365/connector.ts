// Microsoft 365: each published event becomes an entry in an Outlook calendar
// (with a Teams meeting for an online event, whose link goes on the event), kept
// in step when it changes or is cancelled; attendees can be added as guests.
// Graph's subscriptions and delta query carry organizers' own edits back
// (lib/calendar-sync), and getSchedule answers free/busy.
import { calendarEntryHandlers } from "../calendar-entry-handlers";
import { defineConnector } from "../contract";
import { addressOf, listCalendars, me } from "./calendars";
import { microsoftEndpoints } from "./endpoints";
import { addGuests, deleteEntry, findEntry, removeGuests, upsertEntry } from "./entries";
import { classifyGraphError } from "./errors";
import { freeBusy } from "./free-busy";
import { tokenRequest, tokensFrom } from "../microsoft-graph/identity";
import { microsoft365Inbound } from "./inbound";
import { manifest, MICROSOFT365_SCOPES } from "./manifest";
import { calendarSync } from "./sync";

export const connector = defineConnector(manifest, {
  fieldOptions: {
    async calendarId(ctx) {
      const calendars = await listCalendars(ctx);
      return calendars.filter((c) => c.canEdit !== false).map((c) => ({ value: c.id, label: c.isDefaultCalendar ? `${c.name} (default)` : c.name }));
    },
  },
  oauth: {
    authorizeUrl: (baseUrl) => microsoftEndpoints(baseUrl).authorize,
    liveClient: (env) =>
      env.MICROSOFT365_CLIENT_ID && env.MICROSOFT365_CLIENT_SECRET ? { clientId: env.MICROSOFT365_CLIENT_ID, clientSecret: env.MICROSOFT365_CLIENT_SECRET } : null,
    async exchange({ code, redirectUri, codeVerifier, client, baseUrl, call }) {
      const answer = await call("oauth.token", (signal) =>
        tokenRequest(
          microsoftEndpoints(baseUrl).token,
          { client_id: client.clientId, client_secret: client.clientSecret, grant_type: "authorization_code", code, redirect_uri: redirectUri, scope: MICROSOFT365_SCOPES.join(" "), ...(codeVerifier ? { code_verifier: codeVerifier } : {}) },
          signal,
        ),
      );
      const user = await call("users.me", (signal) => me({ baseUrl, credentials: { accessToken: answer.access_token, scopes: [] } }, signal));
      return { tokens: tokensFrom(answer), account: { id: user.id, name: addressOf(user) } };
    },
    async refresh({ refreshToken, client, baseUrl, call }) {
      // Microsoft rotates refresh tokens: the answer carries the one to keep.
      const answer = await call("oauth.refresh", (signal) =>
        tokenRequest(microsoftEndpoints(baseUrl).token, { client_id: client.clientId, client_secret: client.clientSecret, grant_type: "refresh_token", refresh_token: refreshToken, scope: MICROSOFT365_SCOPES.join(" ") }, signal),
      );
      return tokensFrom(answer);
    },
  },
  classifyError: classifyGraphError,
  async testConnection(ctx) {
    const user = await ctx.call("users.me", (signal) => me(ctx, signal));
    const calendars = await listCalendars(ctx);
    const primary = calendars.find((c) => c.isDefaultCalendar);
    return {
      account: { id: ctx.connection.externalAccountId ?? user.id, name: addressOf(user) },
      detail: `Connected as ${addressOf(user)}: ${calendars.length} calendars visible${primary ? `, default "${primary.name}"` : ""}.`,
    };
  },
  handlers: calendarEntryHandlers({ hasEntry: async (ctx, id) => Boolean(await findEntry(ctx, id)), upsert: upsertEntry, remove: deleteEntry, addGuests, removeGuests }),
  inbound: microsoft365Inbound,
  calendarSync,
  freeBusy,
});
