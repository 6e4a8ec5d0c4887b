// Storing a file whose bytes Switchboard holds (an attendee's upload, a moved
// file). The organization's storage connection takes it when it can; when it
// cannot (down, refusing, slow), the bytes are kept on the local disk and a job
// moves them once the connection answers again, so nothing a person uploaded is
// lost and no registration waits on a provider.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { FilePurpose, FileRow } from "@/lib/db/schema";
import { objectKey } from "@/lib/files/keys";
import { deleteLocal, putLocal } from "@/lib/files/local-disk";
import { insertFile } from "@/lib/files/records";
import { log } from "@/lib/log";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import type { Keyring } from "@/lib/vault";
import { storageFor } from "./backend";
import { storageOpener } from "./open";

export interface FileToStore {
  orgId: string;
  eventId: string | null;
  purpose: FilePurpose;
  filename: string;
  /** Already established from the bytes (lib/files/content-type.ts), never the browser's claim. */
  contentType: string;
  bytes: Uint8Array;
}

/** How long a person waits for the storage provider before the file is kept locally instead. */
export const STORE_WAIT_MS = 5_000;

export async function storeFile(db: Db, keyring: Keyring, f: FileToStore): Promise<FileRow> {
  const id = randomUUID();
  const key = objectKey(f.orgId, f.purpose, id);
  const meta = { contentType: f.contentType, size: f.bytes.byteLength, filename: f.filename };
  const target = await storageFor(db, f.orgId, f.purpose);
  const row = { id, orgId: f.orgId, eventId: f.eventId, purpose: f.purpose, filename: f.filename, contentType: f.contentType, size: f.bytes.byteLength };
  if (target) {
    try {
      const ctx = await storageOpener(db, keyring)(target, { timeoutMs: STORE_WAIT_MS });
      await target.storage.put(ctx, key, f.bytes, meta);
      return await insertFile(db, { ...row, connectionId: target.row.id });
    } catch (err) {
      log.warn({ fileId: id, connectionId: target.row.id, err: (err as Error).message }, "storage connection did not take a file; kept locally until it does");
    }
  }
  await putLocal(key, f.bytes);
  try {
    return await db.transaction().execute(async (tx) => {
      const file = await insertFile(tx, { ...row, connectionId: null, moveToConnectionId: target?.row.id ?? null });
      if (target) await enqueue(tx, "move_stored_file", { fileId: id }, { jobKey: jobKeys.fileMove.of(id) });
      return file;
    });
  } catch (err) {
    await deleteLocal(key).catch(() => {});
    throw err;
  }
}
