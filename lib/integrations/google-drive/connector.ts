// Google Drive: each event with materials gets a folder in the admin's Drive
// (under one "Switchboard" folder) holding copies of its materials, shared with
// every e-mail that holds a paid ticket and unshared on a refund or cancellation
// (unless that e-mail still holds another); the folder goes with the event.
// Drive is not where Switchboard keeps its own files: it only holds the copies.
import type { DomainEvent, DomainEventType } from "@/lib/domain/outbox/catalog";
import { defineConnector, type OAuthTokens } from "../contract";
import { callOptions, driveClient, oauthClient } from "./client";
import { driveEndpoints } from "./endpoints";
import { classifyDriveError } from "./errors";
import { deleteEventFolder } from "./folders";
import { manifest, type DriveContext } from "./manifest";
import { copyMaterial, removeMaterial } from "./materials";
import { shareWithBuyers, unshare } from "./sharing";
import { driveEventViews } from "./views";

function tokensFrom(t: { access_token?: string | null; refresh_token?: string | null; expiry_date?: number | null; scope?: string | null; token_type?: string | null }): OAuthTokens {
  return {
    accessToken: t.access_token ?? "",
    refreshToken: t.refresh_token ?? undefined,
    expiresAt: t.expiry_date ? new Date(t.expiry_date).toISOString() : undefined,
    scopes: (t.scope ?? "").split(" ").filter(Boolean),
    tokenType: t.token_type ?? "Bearer",
  };
}

/** Drive's own name for the account: its permission id (stable) and e-mail. */
async function driveUser(baseUrl: string, accessToken: string, call: <T>(op: string, fn: (signal: AbortSignal) => Promise<T>) => Promise<T>) {
  const res = await call("about.get", (signal) => driveClient(baseUrl, accessToken).about.get({ fields: "user(displayName,emailAddress,permissionId)" }, callOptions(baseUrl, signal)));
  const u = res.data.user ?? {};
  return { id: u.permissionId ?? u.emailAddress ?? "", name: u.emailAddress ?? u.displayName ?? "Google Drive" };
}

type OrderFact = DomainEvent<"registration.created" | "ticket.purchased" | "registration.cancelled" | "ticket.refunded">;

const onPaid = (event: OrderFact, ctx: DriveContext) => shareWithBuyers(ctx, event.payload.event, event.payload.attendees);
const onLeft = (event: OrderFact, ctx: DriveContext) => unshare(ctx, event.payload.event, event.payload.attendees);

export const connector = defineConnector(manifest, {
  oauth: {
    authorizeUrl: (baseUrl) => driveEndpoints(baseUrl).authorize,
    liveClient: (env) =>
      env.GOOGLE_DRIVE_CLIENT_ID && env.GOOGLE_DRIVE_CLIENT_SECRET ? { clientId: env.GOOGLE_DRIVE_CLIENT_ID, clientSecret: env.GOOGLE_DRIVE_CLIENT_SECRET } : null,
    async exchange({ code, redirectUri, codeVerifier, client: app, baseUrl, call }) {
      const client = oauthClient(baseUrl, app, redirectUri);
      const { tokens } = await call("oauth.token", () => client.getToken({ code, codeVerifier, redirect_uri: redirectUri }));
      return { tokens: tokensFrom(tokens), account: await driveUser(baseUrl, tokens.access_token ?? "", call) };
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
  classifyError: classifyDriveError,
  async testConnection(ctx) {
    const account = await driveUser(ctx.baseUrl, ctx.credentials.accessToken, ctx.call);
    return {
      account: { id: ctx.connection.externalAccountId ?? account.id, name: account.name },
      detail: `Connected to ${account.name}'s Drive: event materials go to the folder “${ctx.settings.folderName}”, and Switchboard sees only what it puts there.`,
    };
  },
  handlers: {
    "event.material_added": (event, ctx) => copyMaterial(ctx, event.payload.event, event.payload.material),
    "event.material_removed": (event, ctx) => removeMaterial(ctx, event.payload.material),
    "event.deleted": (event, ctx) => deleteEventFolder(ctx, event.payload.event),
    // A free registration is settled at once: its tickets are paid like bought ones.
    "registration.created": onPaid,
    "ticket.purchased": onPaid,
    "ticket.refunded": onLeft,
    "registration.cancelled": onLeft,
  } satisfies { [T in DomainEventType]?: (event: DomainEvent<T>, ctx: DriveContext) => Promise<void> },
  eventViews: driveEventViews,
});
