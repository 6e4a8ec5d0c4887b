import type { Db } from "@/lib/db/client";

export async function listActivity(db: Db, orgId: string, limit = 200) {
  return db
    .selectFrom("activity_log")
    .select(["id", "type", "summary", "received_at"])
    .where("org_id", "=", orgId)
    .orderBy("received_at", "desc")
    .limit(limit)
    .execute();
}
