// Removing files: the row is marked at once (the product stops showing and
// serving it) and the bytes are removed by the queue, wherever they are, so a
// provider that is down delays the cleanup but never the person deleting.
import { sql } from "kysely";
import type { DbOrTx } from "@/lib/db/client";
import { enqueue, enqueuePerRow } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";

export async function removeFile(db: DbOrTx, orgId: string, fileId: string): Promise<boolean> {
  const r = await db
    .updateTable("files")
    .set({ status: "deleting", updated_at: new Date() })
    .where("id", "=", fileId)
    .where("org_id", "=", orgId)
    .where("status", "<>", "deleting")
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await enqueue(db, "remove_stored_file", { fileId }, { jobKey: jobKeys.fileRemoval.of(fileId) });
  return true;
}

/** Every file of an event (covers, materials, answers), in the caller's transaction: an event being deleted. */
export async function removeEventFiles(tx: DbOrTx, orgId: string, eventId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    with marked as (
      update files set status = 'deleting', updated_at = now()
      where org_id = ${orgId} and event_id = ${eventId} and status <> 'deleting'
      returning id
    )
    select count(${enqueuePerRow("remove_stored_file", { fileId: sql`m.id` }, { jobKey: jobKeys.fileRemoval.sql(sql`m.id`) })})::int as n from marked m`.execute(tx);
  return r.rows[0]?.n ?? 0;
}
