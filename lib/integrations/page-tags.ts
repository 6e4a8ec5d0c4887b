// The tags a public event page may load once its visitor consents: one per
// enabled connection whose provider brings one (an analytics tag). Read from the
// connection's unsealed columns, so a page view opens no credentials.
import type { Db } from "@/lib/db/client";
import type { PageTag } from "./contract";
import { parseSettings } from "./connections/context";
import { loadConnector, manifests } from "./registry";
import { baseUrlFor } from "./sandbox-url";

export async function pageTags(db: Db, orgId: string): Promise<PageTag[]> {
  // Only providers whose manifest says they have a tag are loaded.
  const ids = manifests.filter((m) => m.pageTagOrigins?.length).map((m) => m.id);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("connections").selectAll().where("org_id", "=", orgId).where("status", "=", "connected").where("connector_id", "in", ids).execute();
  const tags: PageTag[] = [];
  for (const row of rows) {
    const connector = await loadConnector(row.connector_id);
    const tag = connector?.pageTag?.({ externalAccountId: row.external_account_id, mode: row.mode, settings: parseSettings(connector, row.settings) }, baseUrlFor(connector, row.mode));
    if (tag) tags.push(tag);
  }
  return tags;
}
