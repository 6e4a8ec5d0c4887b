// Files that come through Switchboard rather than straight to a bucket: an
// attendee's answer on the public form, and browser uploads to the local disk.
// Size and type are checked on the bytes in memory before anything is written.
import type { Db } from "@/lib/db/client";
import type { FilePurpose, FileRow } from "@/lib/db/schema";
import { describeTypes, SNIFF_BYTES, sniffContentType } from "@/lib/files/content-type";
import { verifyLink, type SignedLink } from "@/lib/files/links";
import type { FileLimits } from "@/lib/files/limits";
import { putLocal } from "@/lib/files/local-disk";
import { findFileById } from "@/lib/files/records";
import { ValidationError } from "@/lib/domain/errors";
import type { Keyring } from "@/lib/vault";
import { storeFile } from "./store";
import { checkSize } from "./upload";

/** The type the bytes are, when the limits take it; a field error otherwise. */
export async function checkBytes(bytes: Uint8Array, limits: FileLimits, field: string): Promise<string> {
  checkSize(bytes.byteLength, limits, field);
  const actual = await sniffContentType(bytes.subarray(0, SNIFF_BYTES));
  if (!actual || !limits.types.includes(actual as never)) {
    throw new ValidationError({ [field]: [`This file's content is not a ${describeTypes(limits.types)}; the name does not decide what a file is.`] });
  }
  return actual;
}

export interface ReceivedFile {
  orgId: string;
  eventId: string | null;
  purpose: FilePurpose;
  filename: string;
  bytes: Uint8Array;
  limits: FileLimits;
  field: string;
}

export async function receiveFile(db: Db, keyring: Keyring, f: ReceivedFile): Promise<FileRow> {
  const contentType = await checkBytes(f.bytes, f.limits, f.field);
  return storeFile(db, keyring, { orgId: f.orgId, eventId: f.eventId, purpose: f.purpose, filename: f.filename, contentType, bytes: f.bytes });
}

export type LocalUploadOutcome =
  | { ok: true; file: FileRow }
  | { ok: false; status: 400 | 403 | 404 | 409 | 413 | 415; message: string };

/**
 * A browser's PUT to a signed local upload link: the link must be valid and
 * unexpired, the body exactly the size and type that were signed, and its bytes
 * that type. Only then is anything written; the upload is finished separately.
 */
export async function receiveLocalUpload(db: Db, keyring: Keyring, link: SignedLink, contentType: string | null, body: Uint8Array): Promise<LocalUploadOutcome> {
  const check = verifyLink(keyring, link);
  if (!check.ok) return { ok: false, status: 403, message: check.reason === "expired" ? "This upload link has expired; choose the file again." : "This upload link is not valid." };
  const file = await findFileById(db, link.fileId);
  if (!file || file.connection_id) return { ok: false, status: 404, message: "No upload is waiting here." };
  if (file.status !== "uploading") return { ok: false, status: 409, message: "This upload is already finished." };
  if (contentType !== file.content_type) return { ok: false, status: 415, message: `Send the file as ${file.content_type}, as announced.` };
  if (body.byteLength !== Number(file.size_bytes)) return { ok: false, status: 413, message: `Send exactly ${file.size_bytes} bytes, as announced.` };
  const actual = await sniffContentType(body.subarray(0, SNIFF_BYTES));
  if (actual !== file.content_type) return { ok: false, status: 415, message: `The file's content is not a ${describeTypes([file.content_type])}.` };
  await putLocal(file.object_key, body);
  return { ok: true, file };
}
