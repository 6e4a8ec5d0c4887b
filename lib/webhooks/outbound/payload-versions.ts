// Payload versions per endpoint. An endpoint made in the settings page pins the
// version of every type current when it was made, so a later version (a new
// field, a changed shape) never surprises a receiver written against the old one;
// its admin upgrades when the receiver is ready. Endpoints that follow the
// product itself (Zapier's) pin nothing and always get the latest.
import type { Db } from "@/lib/db/client";
import type { WebhookEndpointRow } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/domain/errors";
import { currentPayloadVersions, domainEventCatalog, isDomainEventType } from "@/lib/domain/outbox/catalog";

/** The version this endpoint receives of a type: its pin, or the latest when it pinned none. */
export function pinnedVersion(row: Pick<WebhookEndpointRow, "payload_versions">, type: string): number | null {
  if (!isDomainEventType(type)) return null;
  const pinned = row.payload_versions?.[type];
  return typeof pinned === "number" ? pinned : domainEventCatalog[type].version;
}

export interface PayloadVersionView {
  type: string;
  receives: number;
  latest: number;
}

/** The endpoint's subscribed types that are sent in an older version than the latest. */
export function outdatedPayloads(row: Pick<WebhookEndpointRow, "payload_versions" | "event_types">): PayloadVersionView[] {
  return row.event_types.flatMap((type) => {
    const receives = pinnedVersion(row, type);
    if (receives === null || !isDomainEventType(type)) return [];
    const latest = domainEventCatalog[type].version;
    return receives < latest ? [{ type, receives, latest }] : [];
  });
}

/** The pins a new endpoint starts with. */
export function initialPayloadVersions(source: WebhookEndpointRow["source"]): Record<string, number> {
  return source === "admin" ? currentPayloadVersions() : {};
}

/** Moves the endpoint to the latest version of every type; messages already made keep their bodies. */
export async function upgradeEndpointPayloads(db: Db, orgId: string, id: string): Promise<void> {
  const res = await db
    .updateTable("webhook_endpoints")
    .set({ payload_versions: JSON.stringify(currentPayloadVersions()), updated_at: new Date() })
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new NotFoundError("Endpoint");
}
