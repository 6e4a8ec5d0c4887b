// Reading an organization's stored file, wherever its bytes are: the local disk,
// or the storage connection that holds them (even one disabled since).
import type { Db } from "@/lib/db/client";
import type { FileRow } from "@/lib/db/schema";
import { getLocal } from "@/lib/files/local-disk";
import { findFile } from "@/lib/files/records";
import { NotFoundError } from "@/lib/domain/errors";
import type { FileAccess, StoredFile } from "../contract/storage";
import { storageOf, type OpenStorage } from "./backend";

export async function readStoredBytes(db: Db, open: OpenStorage, file: FileRow, opts: { maxBytes?: number } = {}): Promise<Uint8Array> {
  if (!file.connection_id) return getLocal(file.object_key, opts);
  const s = await storageOf(db, file.connection_id);
  return s.storage.get(await open(s), file.object_key, opts);
}

export function fileAccess(db: Db, orgId: string, open: OpenStorage): FileAccess {
  return {
    async read(fileId: string): Promise<StoredFile> {
      const file = await findFile(db, orgId, fileId);
      if (!file || file.status !== "stored") throw new NotFoundError("File");
      const bytes = await readStoredBytes(db, open, file);
      return { id: file.id, filename: file.filename, contentType: file.content_type, size: Number(file.size_bytes), bytes };
    },
  };
}
