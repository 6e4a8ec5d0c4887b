// Answering a signed link to a file: its bytes from the local disk, or, for a
// file that has moved to a storage connection since the link was made, a
// redirect to a fresh provider link lasting no longer than the one presented.
import type { Db } from "@/lib/db/client";
import type { FileRow } from "@/lib/db/schema";
import { verifyLink, type SignedLink } from "@/lib/files/links";
import { getLocal } from "@/lib/files/local-disk";
import { findFileById } from "@/lib/files/records";
import type { Keyring } from "@/lib/vault";
import { fileLink, type LinkOptions } from "./links";

export type ServedFile =
  | { kind: "bytes"; file: FileRow; bytes: Uint8Array; download: boolean }
  | { kind: "redirect"; url: string }
  | { kind: "refused"; status: 403 | 404; message: string };

export async function serveLink(db: Db, keyring: Keyring, link: SignedLink): Promise<ServedFile> {
  if (link.use === "upload") return { kind: "refused", status: 403, message: "This link is for uploading." };
  const check = verifyLink(keyring, link);
  if (!check.ok) return { kind: "refused", status: 403, message: check.reason === "expired" ? "This link has expired. Ask for a new one." : "This link is not valid." };
  const file = await findFileById(db, link.fileId);
  if (!file || file.status !== "stored") return { kind: "refused", status: 404, message: "This file is no longer available." };
  const left = Math.max(1, link.expires - Math.floor(Date.now() / 1000));
  return served(db, keyring, file, { expiresInSeconds: Math.min(left, 3600), download: link.use === "download" });
}

/** A published event's cover, for anyone: covers are public once their event is. */
export async function publicCover(db: Db, keyring: Keyring, fileId: string): Promise<ServedFile> {
  const file = await findFileById(db, fileId);
  const shown =
    file?.purpose === "cover" &&
    file.status === "stored" &&
    (await db.selectFrom("events").select("id").where("cover_file_id", "=", file.id).where("status", "<>", "draft").executeTakeFirst());
  if (!file || !shown) return { kind: "refused", status: 404, message: "No such image." };
  return served(db, keyring, file, { expiresInSeconds: 3600, download: false });
}

/** The bytes of a file on the local disk, or a redirect to its provider's link. */
async function served(db: Db, keyring: Keyring, file: FileRow, opts: LinkOptions): Promise<ServedFile> {
  if (file.connection_id) return { kind: "redirect", url: await fileLink(db, keyring, file, opts) };
  return { kind: "bytes", file, bytes: await getLocal(file.object_key), download: opts.download };
}
