// Every enabled connection that can post to a social network hears the event
// facts a post may be about. Each is its own subscriber with its own queue, so a
// network that is down delays only its own posts, never publishing or another
// subscriber. The queue runs one delivery at a time but does not hold the next
// facts behind a failed one (graphile-worker retries it later): post-about.ts
// decides from the event as it is when each delivery runs.
import type { Db } from "@/lib/db/client";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import type { Subscriber, SubscriberSource } from "@/lib/domain/outbox/subscribers";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findManifest, loadConnector } from "@/lib/integrations/registry";
import { appKeyring } from "@/lib/vault/app-keyring";
import { postAbout } from "./post-about";

const PREFIX = "social-post:";

/** The facts a post may be about; an edit matters only to a published event (it may have moved). */
function mayPost(event: DomainEvent): boolean {
  const ev = (event.payload as { event?: { status?: string } }).event;
  if (event.type === "event.published" || event.type === "event.cancelled") return true;
  return event.type === "event.updated" && ev?.status === "published";
}

function subscriberFor(connectionId: string, connectorName: string): Subscriber {
  return {
    id: PREFIX + connectionId,
    description: `Posts to ${connectorName}`,
    ordered: true,
    async handle(event, { db }) {
      // Re-read at delivery time: the connection may have been disabled or disconnected since.
      const row = await db.selectFrom("connections").selectAll().where("id", "=", connectionId).executeTakeFirst();
      const connector = row ? await loadConnector(row.connector_id) : undefined;
      if (row?.status === "needs_attention") {
        // Kept as a dead delivery, so it can be retried once someone reconnects.
        throw Object.assign(new Error(`${connector?.name ?? "The connection"} needs attention (${row.status_reason ?? "reconnect it"}); retry after reconnecting`), { permanent: true });
      }
      if (!row || !connector?.socialPosts || row.status !== "connected") return "skipped";
      const ctx = await connectorContext(db, appKeyring(), connector, row);
      return postAbout(db, connector.socialPosts, ctx, event);
    },
  };
}

export const socialPostSubscribers: SubscriberSource = {
  async subscribersFor(event: DomainEvent, db: Db) {
    if (!mayPost(event)) return [];
    const rows = await db.selectFrom("connections").select(["id", "connector_id"]).where("org_id", "=", event.orgId).where("status", "=", "connected").execute();
    const connectors = await Promise.all(rows.map((r) => loadConnector(r.connector_id)));
    return rows.flatMap((r, i) => {
      const connector = connectors[i];
      return connector?.socialPosts ? [subscriberFor(r.id, connector.name)] : [];
    });
  },
  async resolve(id: string, db: Db) {
    if (!id.startsWith(PREFIX)) return undefined;
    const row = await db.selectFrom("connections").select(["connector_id"]).where("id", "=", id.slice(PREFIX.length)).executeTakeFirst();
    return subscriberFor(id.slice(PREFIX.length), (row && findManifest(row.connector_id)?.name) ?? "Removed");
  },
};
