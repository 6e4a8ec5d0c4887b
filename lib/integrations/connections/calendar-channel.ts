// A calendar connection's push channel as connecting, changing settings and
// disconnecting see it: the first two ask the sync engine's job to open or
// replace it; disconnecting stops it at the provider itself, while the
// credentials to do so still exist.
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import { activeChannel, markChannelStopped } from "@/lib/calendar-channels/active";
import { requestChannelRenewal } from "@/lib/calendar-channels/requests";
import { log } from "@/lib/log";
import type { Keyring } from "@/lib/vault";
import type { Connector } from "../contract";
import { connectorContext } from "./context";

/** A new channel (replacing any), so it watches with the current grant and settings. */
export async function requestCalendarChannel(db: Db, connector: Connector, connectionId: string): Promise<void> {
  if (connector.calendarSync) await requestChannelRenewal(db, connectionId, { reopen: true });
}

/** Best effort at the provider (a channel lapses by itself); from now on its notifications are refused either way. */
export async function stopCalendarChannel(db: Db, keyring: Keyring, connector: Connector, row: ConnectionRow): Promise<void> {
  const sync = connector.calendarSync;
  const channel = sync ? await activeChannel(db, row.id) : undefined;
  if (!sync || !channel) return;
  try {
    const ctx = await connectorContext(db, keyring, connector, row);
    await sync.stop(ctx, { id: channel.channelId, resourceId: channel.resourceId ?? undefined, expiresAt: channel.expiresAt.toISOString() });
  } catch (err) {
    log.warn({ connector: connector.id, err: (err as Error).message }, "stopping the calendar channel failed; it expires by itself");
  }
  await markChannelStopped(db, channel.id);
}
