// A link to a stored file that works for a while and then stops: signed by us
// for the local disk (served by /api/files/<id>), presigned by the provider for a
// storage connection. Nobody gets a link that does not expire.
import type { Db } from "@/lib/db/client";
import type { FileRow } from "@/lib/db/schema";
import { appUrl } from "@/lib/config";
import { linkQuery, signLink } from "@/lib/files/links";
import type { Keyring } from "@/lib/vault";
import { storageOf } from "./backend";
import { storageOpener } from "./open";

export interface LinkOptions {
  expiresInSeconds: number;
  /** Ask the browser to save it (Content-Disposition: attachment) rather than show it. */
  download: boolean;
}

export async function fileLink(db: Db, keyring: Keyring, file: FileRow, opts: LinkOptions): Promise<string> {
  if (!file.connection_id) {
    const link = signLink(keyring, file.id, opts.download ? "download" : "read", opts.expiresInSeconds);
    return `${appUrl()}/api/files/${file.id}?${linkQuery(link)}`;
  }
  const s = await storageOf(db, file.connection_id);
  const ctx = await storageOpener(db, keyring)(s);
  return s.storage.readUrl(ctx, file.object_key, {
    filename: file.filename,
    contentType: file.content_type,
    size: Number(file.size_bytes),
    expiresInSeconds: opts.expiresInSeconds,
    download: opts.download,
  });
}

/** Resized versions for a srcset when the file's backend makes them (Cloudinary), else none. */
export async function imageVariants(db: Db, keyring: Keyring, file: FileRow, widths: readonly number[]) {
  if (!file.connection_id) return [];
  const s = await storageOf(db, file.connection_id);
  if (!s.storage.imageVariants) return [];
  return s.storage.imageVariants(await storageOpener(db, keyring)(s), file.object_key, widths);
}
