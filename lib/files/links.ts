// Signed links to files kept on the local disk, served by /api/files/<id>: the
// signature binds the file id, what the link may do and its expiry, under a key
// derived from the vault's keys. A link of one file never opens another, so a
// link handed to one organization's attendee reads nothing of another's.
import { createHmac, hkdfSync } from "node:crypto";
import type { Keyring } from "@/lib/vault";
import { sameSignature } from "@/lib/vault/same-signature";

export type LinkUse = "read" | "download" | "upload";

function linkKey(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), "switchboard:file-links", 32));
}

function mac(secret: Buffer, fileId: string, use: LinkUse, expires: number): string {
  return createHmac("sha256", linkKey(secret)).update(`${fileId}\n${use}\n${expires}`).digest("base64url");
}

export interface SignedLink {
  fileId: string;
  use: LinkUse;
  /** Unix seconds. */
  expires: number;
  signature: string;
}

export function signLink(keyring: Keyring, fileId: string, use: LinkUse, expiresInSeconds: number, now = Date.now()): SignedLink {
  const expires = Math.floor(now / 1000) + Math.max(1, Math.floor(expiresInSeconds));
  return { fileId, use, expires, signature: mac(keyring.keys.get(keyring.currentId)!, fileId, use, expires) };
}

/** The query of a signed link: ?use=…&expires=…&signature=… */
export function linkQuery(link: SignedLink): string {
  return new URLSearchParams({ use: link.use, expires: String(link.expires), signature: link.signature }).toString();
}

export type LinkCheck = { ok: true } | { ok: false; reason: "expired" | "invalid" };

/** Checked against every key of the keyring, so a rotation does not break links already sent. */
export function verifyLink(keyring: Keyring, link: SignedLink, now = Date.now()): LinkCheck {
  const valid = [...keyring.keys.values()].some((secret) => sameSignature(link.signature, mac(secret, link.fileId, link.use, link.expires)));
  if (!valid) return { ok: false, reason: "invalid" };
  if (link.expires * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true };
}
