// Stored provider callbacks about one object: tests wait for their own object's
// callback, never for "everything received so far", which may not include it yet.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";

/** The callbacks of these types whose payload is about `objectId` (Stripe's `data.object.id`). */
export function callbacksAbout(db: Db, types: string | readonly string[], objectId: string) {
  return db
    .selectFrom("webhook_events")
    .select(["external_id", "type", "status", "outcome"])
    .where("type", "in", typeof types === "string" ? [types] : [...types])
    .where(sql<string>`payload #>> '{data,object,id}'`, "=", objectId)
    .execute();
}
