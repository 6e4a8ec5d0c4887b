// OneDrive for event materials: each event with materials gets a folder (inside
// one top folder) in the connected account's OneDrive holding them, shared as
// read-only with the e-mail of every paid attendee and unshared when they are
// refunded or cancel; deleting the event deletes the folder. Large files go up
// through Graph's upload sessions.
import type { DomainEvent, DomainEventType } from "@/lib/domain/outbox/catalog";
import { defineConnector } from "../contract";
import { grantOnPayment, revokeOnLeave } from "./access";
import { graph } from "./client";
import { onedriveEndpoints } from "./endpoints";
import { classifyOneDriveError } from "./errors";
import { deleteEventFolder } from "./folders";
import type { GraphDrive, GraphUser } from "./graph-types";
import { tokenRequest, tokensFrom } from "../microsoft-graph/identity";
import { manifest, ONEDRIVE_SCOPES, type OneDriveContext } from "./manifest";
import { addMaterial, removeMaterial } from "./materials";
import { onedriveEventViews } from "./views";

type Ctx = OneDriveContext;
type OrderFact = DomainEvent<"registration.created" | "ticket.purchased" | "registration.cancelled" | "ticket.refunded">;

const addressOf = (u: GraphUser) => u.mail || u.userPrincipalName || u.id;
const me = (ctx: Pick<Ctx, "baseUrl" | "credentials">, signal: AbortSignal) => graph(ctx).api("me").option("signal", signal).get() as Promise<GraphUser>;

function gigabytes(n: number | undefined): string {
  return n === undefined ? "?" : `${Math.round((n / 1024 ** 3) * 10) / 10} GB`;
}

/** Live mode's app registration: OneDrive's own, or the Microsoft 365 one when a single Entra app carries both permissions. */
function liveClient(env: Record<string, string | undefined>) {
  const id = env.ONEDRIVE_CLIENT_ID || env.MICROSOFT365_CLIENT_ID;
  const secret = env.ONEDRIVE_CLIENT_ID ? env.ONEDRIVE_CLIENT_SECRET : env.MICROSOFT365_CLIENT_SECRET;
  return id && secret ? { clientId: id, clientSecret: secret } : null;
}

export const connector = defineConnector(manifest, {
  oauth: {
    authorizeUrl: (baseUrl) => onedriveEndpoints(baseUrl).authorize,
    liveClient,
    async exchange({ code, redirectUri, codeVerifier, client, baseUrl, call }) {
      const answer = await call("oauth.token", (signal) =>
        tokenRequest(
          onedriveEndpoints(baseUrl).token,
          { client_id: client.clientId, client_secret: client.clientSecret, grant_type: "authorization_code", code, redirect_uri: redirectUri, scope: ONEDRIVE_SCOPES.join(" "), ...(codeVerifier ? { code_verifier: codeVerifier } : {}) },
          signal,
        ),
      );
      const user = await call("users.me", (signal) => me({ baseUrl, credentials: { accessToken: answer.access_token, scopes: [] } }, signal));
      return { tokens: tokensFrom(answer), account: { id: user.id, name: addressOf(user) } };
    },
    async refresh({ refreshToken, client, baseUrl, call }) {
      // Microsoft rotates refresh tokens: the answer carries the one to keep.
      const answer = await call("oauth.refresh", (signal) =>
        tokenRequest(onedriveEndpoints(baseUrl).token, { client_id: client.clientId, client_secret: client.clientSecret, grant_type: "refresh_token", refresh_token: refreshToken, scope: ONEDRIVE_SCOPES.join(" ") }, signal),
      );
      return tokensFrom(answer);
    },
  },
  classifyError: classifyOneDriveError,
  async testConnection(ctx) {
    const user = await ctx.call("users.me", (signal) => me(ctx, signal));
    const drive = await ctx.call("drive.get", (signal) => graph(ctx).api("me/drive").option("signal", signal).get() as Promise<GraphDrive>);
    const kind = drive.driveType === "personal" ? "OneDrive" : "OneDrive for Business";
    return {
      account: { id: ctx.connection.externalAccountId ?? user.id, name: addressOf(user) },
      detail: `Connected as ${addressOf(user)}: ${kind}, ${gigabytes(drive.quota?.used)} of ${gigabytes(drive.quota?.total)} used. Event folders go in "${ctx.settings.folderName}".`,
    };
  },
  handlers: {
    "event.material_added": (event, ctx) => addMaterial(ctx, event.payload.event, event.payload.material),
    "event.material_removed": (event, ctx) => removeMaterial(ctx, event.payload.material),
    "event.deleted": (event, ctx) => deleteEventFolder(ctx, event.payload.event.id),
    // A free ticket is paid as soon as it is registered.
    "registration.created": (event: OrderFact, ctx) => grantOnPayment(ctx, event.payload.event.id, event.payload.attendees),
    "ticket.purchased": (event: OrderFact, ctx) => grantOnPayment(ctx, event.payload.event.id, event.payload.attendees),
    "registration.cancelled": (event: OrderFact, ctx) => revokeOnLeave(ctx, event.payload.event.id, event.payload.attendees),
    "ticket.refunded": (event: OrderFact, ctx) => revokeOnLeave(ctx, event.payload.event.id, event.payload.attendees),
  } satisfies { [T in DomainEventType]?: (event: DomainEvent<T>, ctx: Ctx) => Promise<void> },
  eventViews: onedriveEventViews,
});
