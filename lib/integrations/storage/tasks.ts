// The queue's file work: moving a file that waited on the local disk to its
// storage connection, removing a file's bytes, and the sweep that re-arms moves
// (a storage connection that was down for hours gets its files once it is back).
import type { Db } from "@/lib/db/client";
import { sql } from "kysely";
import { deleteLocal, getLocal } from "@/lib/files/local-disk";
import { enqueuePerRow } from "@/lib/queue/enqueue";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { jobKeys } from "@/lib/queue/job-keys";
import { appKeyring } from "@/lib/vault/app-keyring";
import type { Keyring } from "@/lib/vault";
import { storageOf } from "./backend";
import { storageOpener } from "./open";

export async function moveStoredFile(db: Db, keyring: Keyring, fileId: string): Promise<string> {
  const file = await db.selectFrom("files").selectAll().where("id", "=", fileId).executeTakeFirst();
  if (!file || file.status !== "stored" || !file.move_to_connection_id || file.connection_id) return "nothing to move";
  const s = await storageOf(db, file.move_to_connection_id);
  if (s.row.status === "disconnected") {
    await db.updateTable("files").set({ move_to_connection_id: null, updated_at: new Date() }).where("id", "=", fileId).execute();
    return "the storage connection was disconnected; the file stays on the local disk";
  }
  const bytes = await getLocal(file.object_key);
  await s.storage.put(await storageOpener(db, keyring)(s), file.object_key, bytes, {
    contentType: file.content_type,
    size: Number(file.size_bytes),
    filename: file.filename,
  });
  const moved = await db
    .updateTable("files")
    .set({ connection_id: s.row.id, move_to_connection_id: null, updated_at: new Date() })
    .where("id", "=", fileId)
    .where("connection_id", "is", null)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) > 0) await deleteLocal(file.object_key);
  return `moved to ${s.connector.name}`;
}

export async function removeStoredFile(db: Db, keyring: Keyring, fileId: string): Promise<string> {
  const file = await db.selectFrom("files").selectAll().where("id", "=", fileId).executeTakeFirst();
  if (!file) return "already removed";
  if (file.status !== "deleting") return "kept: not marked for removal";
  if (file.connection_id) {
    const s = await storageOf(db, file.connection_id);
    await s.storage.delete(await storageOpener(db, keyring)(s), file.object_key);
  }
  // A file that waited for a move, or was kept locally, has bytes here too.
  await deleteLocal(file.object_key);
  await db.deleteFrom("files").where("id", "=", fileId).execute();
  return "removed";
}

/**
 * A browser upload not finished within this long is abandoned (the signed link
 * lasts 15 minutes); so is an attendee's answer file that no registration or
 * open order names by then (the person picked another file, or left).
 */
const ABANDONED_UPLOAD = "1 day";

/**
 * Re-arms the move of every file waiting for a storage connection (one job per
 * file, by key), and removes abandoned uploads with whatever bytes reached the
 * bucket. Answers the moves queued.
 */
export async function sweepWaitingFiles(db: Db): Promise<number> {
  await sql`
    with abandoned as (
      update files set status = 'deleting', updated_at = now()
      where created_at < now() - ${ABANDONED_UPLOAD}::interval
        and (status = 'uploading'
          or (status = 'stored' and purpose = 'answer'
            and not exists (select 1 from attendees a where a.event_id = files.event_id and a.answers @> jsonb_build_array(jsonb_build_object('value', files.id::text)))
            and not exists (select 1 from orders o where o.event_id = files.event_id and o.pending_answers @> jsonb_build_array(jsonb_build_object('value', files.id::text)))))
      returning id
    )
    select ${enqueuePerRow("remove_stored_file", { fileId: sql`a.id` }, { jobKey: jobKeys.fileRemoval.sql(sql`a.id`) })} from abandoned a`.execute(db);
  const r = await sql<{ n: number }>`
    select count(${enqueuePerRow("move_stored_file", { fileId: sql`f.id` }, { jobKey: jobKeys.fileMove.sql(sql`f.id`) })})::int as n
    from files f where f.move_to_connection_id is not null and f.status = 'stored'`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export function fileTasks(db: Db): Pick<TaskHandlers, "move_stored_file" | "remove_stored_file" | "sweep_waiting_files"> {
  return {
    async move_stored_file({ fileId }, helpers) {
      helpers.logger.info(`file ${fileId}: ${await moveStoredFile(db, appKeyring(), fileId)}`);
    },
    async remove_stored_file({ fileId }, helpers) {
      helpers.logger.info(`file ${fileId}: ${await removeStoredFile(db, appKeyring(), fileId)}`);
    },
    async sweep_waiting_files(_payload, helpers) {
      const n = await sweepWaitingFiles(db);
      if (n) helpers.logger.info(`files waiting for their storage connection: ${n} moves queued`);
    },
  };
}
