// The broadcast channels an organization can use for an event right now: each
// channel of each connector, on the organization's enabled connection of it,
// when the connection is ready to send (canSend) and, for an urgent-only
// channel (a phone call), when the event had urgent news.
import type { Db } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import { urgentChange } from "@/lib/domain/events/urgent";
import { connectorContext } from "@/lib/integrations/connections/context";
import type { Connector, ConnectorContext } from "@/lib/integrations/contract";
import type { BroadcastChannel } from "@/lib/integrations/contract/broadcast";
import { loadConnector } from "@/lib/integrations/registry";
import { appKeyring } from "@/lib/vault/app-keyring";

export interface UsableChannel {
  /** What the form posts: the connection and the channel. */
  key: string;
  connectionId: string;
  connector: Connector;
  channel: BroadcastChannel<ConnectorContext>;
  /** "SMS via Twilio". */
  label: string;
}

export const channelKey = (connectionId: string, channelId: string) => `${connectionId}:${channelId}`;

/** Why a channel is not offered for this event, or undefined when it is. */
export function unavailableReason(channel: BroadcastChannel<ConnectorContext>, ctx: ConnectorContext, event: EventRow): string | undefined {
  if (channel.canSend?.(ctx) === false) return "the connection is not ready to send (set its sender in the settings)";
  if (channel.when === "urgent" && !urgentChange(event)) return "it is only for urgent news: the event cancelled, or its start moved by more than an hour";
  return undefined;
}

/** The org's enabled connections with broadcast channels, with a context for each. */
async function connectionsWithChannels(db: Db, orgId: string): Promise<Array<{ connector: Connector; ctx: ConnectorContext }>> {
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("status", "=", "connected")
    .where("credentials_sealed", "is not", null)
    .orderBy("created_at")
    .execute();
  const out: Array<{ connector: Connector; ctx: ConnectorContext }> = [];
  for (const row of rows) {
    const connector = await loadConnector(row.connector_id);
    if (!connector?.broadcast?.length) continue;
    out.push({ connector, ctx: await connectorContext(db, appKeyring(), connector, row) });
  }
  return out;
}

export async function usableChannels(db: Db, event: EventRow): Promise<UsableChannel[]> {
  const out: UsableChannel[] = [];
  for (const { connector, ctx } of await connectionsWithChannels(db, event.org_id)) {
    for (const channel of connector.broadcast ?? []) {
      if (unavailableReason(channel, ctx, event)) continue;
      out.push({ key: channelKey(ctx.connection.id, channel.id), connectionId: ctx.connection.id, connector, channel, label: `${channel.label} via ${connector.name}` });
    }
  }
  return out;
}

/** The channel with its connection's context, for sending; undefined when the connection is gone, disabled or lost the channel. */
export async function channelForSending(db: Db, orgId: string, connectionId: string, channelId: string): Promise<{ connector: Connector; ctx: ConnectorContext; channel: BroadcastChannel<ConnectorContext> } | undefined> {
  const row = await db.selectFrom("connections").selectAll().where("id", "=", connectionId).where("org_id", "=", orgId).executeTakeFirst();
  if (!row || row.status !== "connected" || !row.credentials_sealed) return undefined;
  const connector = await loadConnector(row.connector_id);
  const channel = connector?.broadcast?.find((c) => c.id === channelId);
  if (!connector || !channel) return undefined;
  return { connector, ctx: await connectorContext(db, appKeyring(), connector, row), channel };
}
