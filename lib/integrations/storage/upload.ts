// Uploads from the browser. The browser says what it will send (name, type,
// size); we refuse it on its field before any byte moves when the type or size
// is not allowed, then hand back where to send it: straight to the
// organization's bucket (a presigned request whose size and type are signed, so
// the bucket refuses anything else) or to /api/files/<id> for the local disk.
// Finishing checks what actually arrived, by its bytes, and throws away a file
// that is not what it claimed. A storage connection that takes no direct
// uploads gets the file from the local disk through the queue afterwards.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { FilePurpose, FileRow } from "@/lib/db/schema";
import { appUrl } from "@/lib/config";
import { describeTypes, SNIFF_BYTES, sniffContentType } from "@/lib/files/content-type";
import { objectKey } from "@/lib/files/keys";
import { linkQuery, signLink } from "@/lib/files/links";
import { formatBytes, type FileLimits } from "@/lib/files/limits";
import { deleteLocal, getLocal, headLocal } from "@/lib/files/local-disk";
import { findFile, insertFile } from "@/lib/files/records";
import { ValidationError } from "@/lib/domain/errors";
import type { Keyring } from "@/lib/vault";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import type { UploadTarget } from "../contract/storage";
import { storageFor, storageOf } from "./backend";
import { storageOpener } from "./open";

/** A signed upload is good for this long. */
const UPLOAD_WINDOW_SECONDS = 15 * 60;

export interface UploadRequest {
  orgId: string;
  eventId: string | null;
  purpose: FilePurpose;
  filename: string;
  contentType: string;
  size: number;
  /** The form field the file belongs to, for the error. */
  field: string;
  limits: FileLimits;
}

/** Refuses a size the limits do not allow, in words for the field. */
export function checkSize(size: number, limits: FileLimits, field: string): void {
  if (size <= 0) throw new ValidationError({ [field]: ["The file is empty."] });
  if (size > limits.maxBytes) {
    throw new ValidationError({ [field]: [`The file is ${formatBytes(size)}; the largest accepted is ${formatBytes(limits.maxBytes)}.`] });
  }
}

/** Refuses a declared type or size the limits do not allow, in words for the field. */
export function checkDeclared(r: Pick<UploadRequest, "contentType" | "size" | "field" | "limits">): void {
  if (!r.limits.types.includes(r.contentType as never)) {
    throw new ValidationError({ [r.field]: [`This file type is not accepted here: choose a ${describeTypes(r.limits.types)}.`] });
  }
  checkSize(r.size, r.limits, r.field);
}

export async function startUpload(db: Db, keyring: Keyring, r: UploadRequest): Promise<{ file: FileRow; target: UploadTarget }> {
  checkDeclared(r);
  const id = randomUUID();
  const key = objectKey(r.orgId, r.purpose, id);
  const storage = await storageFor(db, r.orgId, r.purpose);
  const row = { id, orgId: r.orgId, eventId: r.eventId, purpose: r.purpose, filename: r.filename, contentType: r.contentType, size: r.size, status: "uploading" as const };
  if (storage?.storage.uploadTarget) {
    const ctx = await storageOpener(db, keyring)(storage);
    const target = await storage.storage.uploadTarget(ctx, key, { contentType: r.contentType, size: r.size, expiresInSeconds: UPLOAD_WINDOW_SECONDS });
    return { file: await insertFile(db, { ...row, connectionId: storage.row.id }), target };
  }
  // A storage connection without direct uploads (Cloudinary signs no size or type
  // limit) gets the file from the local disk once it is finished: a move job.
  const file = await insertFile(db, { ...row, connectionId: null, moveToConnectionId: storage?.row.id ?? null });
  const link = signLink(keyring, id, "upload", UPLOAD_WINDOW_SECONDS);
  return { file, target: { method: "PUT", url: `${appUrl()}/api/files/${id}?${linkQuery(link)}`, headers: { "content-type": r.contentType } } };
}

/**
 * Confirms a browser upload: the object must be there with the declared size, and
 * its bytes must be the declared type. Anything else is deleted and refused.
 */
export async function finishUpload(db: Db, keyring: Keyring, orgId: string, fileId: string, field: string): Promise<FileRow> {
  const file = await findFile(db, orgId, fileId);
  if (!file) throw new ValidationError({ [field]: ["That upload was not found; choose the file again."] });
  if (file.status === "stored") return file;
  if (file.status !== "uploading") throw new ValidationError({ [field]: ["That upload was removed; choose the file again."] });
  const object = await storedObject(db, keyring, file);
  const size = (await object.head())?.size;
  if (size === undefined) throw new ValidationError({ [field]: ["The file did not arrive; try the upload again."] });
  const actual = await sniffContentType(await object.get({ maxBytes: SNIFF_BYTES }));
  if (size !== Number(file.size_bytes) || actual !== file.content_type) {
    await object.remove();
    await db.deleteFrom("files").where("id", "=", file.id).execute();
    throw new ValidationError({ [field]: [actual === file.content_type ? "The file changed during the upload; try again." : `The file's content is not a ${describeTypes([file.content_type])}.`] });
  }
  return db.transaction().execute(async (tx) => {
    const stored = await tx.updateTable("files").set({ status: "stored", updated_at: new Date() }).where("id", "=", file.id).returningAll().executeTakeFirstOrThrow();
    if (stored.move_to_connection_id) await enqueue(tx, "move_stored_file", { fileId: stored.id }, { jobKey: jobKeys.fileMove.of(stored.id) });
    return stored;
  });
}

/** One file's object wherever its bytes are, with a storage connection's context opened once for all three. */
async function storedObject(db: Db, keyring: Keyring, file: FileRow) {
  const key = file.object_key;
  if (!file.connection_id) {
    return { head: () => headLocal(key), get: (o: { maxBytes: number }) => getLocal(key, o), remove: () => deleteLocal(key) };
  }
  const s = await storageOf(db, file.connection_id);
  const ctx = await storageOpener(db, keyring)(s);
  return { head: () => s.storage.head(ctx, key), get: (o: { maxBytes: number }) => s.storage.get(ctx, key, o), remove: () => s.storage.delete(ctx, key) };
}
