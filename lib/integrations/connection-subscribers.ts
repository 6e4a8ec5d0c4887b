// Every enabled connection whose connector handles a fact is a subscriber to it.
// The delivery runs the connector's handler through the call policy; a provider
// failure becomes a failed delivery (retried, or dead for a person to retry),
// never an error in the request that produced the fact.
import type { Db } from "@/lib/db/client";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import type { Subscriber, SubscriberSource } from "@/lib/domain/outbox/subscribers";
import { connectorContext } from "./connections/context";
import { appKeyring } from "@/lib/vault/app-keyring";
import { findManifest, loadConnector } from "./registry";

const PREFIX = "connection:";

function subscriberFor(connectionId: string, connectorName: string): Subscriber {
  return {
    id: PREFIX + connectionId,
    description: `${connectorName} connection`,
    ordered: true,
    async handle(event: DomainEvent, { db }) {
      // Re-read at delivery time: the connection may have been disabled or disconnected since.
      const row = await db.selectFrom("connections").selectAll().where("id", "=", connectionId).executeTakeFirst();
      const connector = row ? await loadConnector(row.connector_id) : undefined;
      const handler = connector?.handlers[event.type];
      if (row?.status === "needs_attention") {
        // Kept as a dead delivery, so it can be retried once someone reconnects.
        throw Object.assign(new Error(`${connector?.name ?? "The connection"} needs attention (${row.status_reason ?? "reconnect it"}); retry after reconnecting`), { permanent: true });
      }
      if (!row || !connector || !handler || row.status !== "connected") return "skipped";
      const ctx = await connectorContext(db, appKeyring(), connector, row);
      await (handler as (e: DomainEvent, c: typeof ctx) => Promise<void>)(event, ctx);
      return "delivered";
    },
  };
}

export const connectionSubscribers: SubscriberSource = {
  async subscribersFor(event: DomainEvent, db: Db) {
    const rows = await db
      .selectFrom("connections")
      .select(["id", "connector_id"])
      .where("org_id", "=", event.orgId)
      .where("status", "=", "connected")
      .execute();
    const connectors = await Promise.all(rows.map((r) => loadConnector(r.connector_id)));
    return rows.flatMap((r, i) => {
      const connector = connectors[i];
      return connector?.handlers[event.type] ? [subscriberFor(r.id, connector.name)] : [];
    });
  },
  async resolve(id: string, db: Db) {
    if (!id.startsWith(PREFIX)) return undefined;
    const row = await db.selectFrom("connections").select(["id", "connector_id"]).where("id", "=", id.slice(PREFIX.length)).executeTakeFirst();
    return subscriberFor(id.slice(PREFIX.length), (row && findManifest(row.connector_id)?.name) ?? "Removed");
  },
};
