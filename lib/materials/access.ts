// The link that opens an event's materials to one attendee: the attendee's id
// and an expiry, signed with a key derived from the vault's keys (as file links
// are, under another label, so neither kind of link can stand for the other).
// It lasts until 30 days after the event ends; what it opens is decided when it
// is used (the attendee must still hold a paid ticket), not when it was sent.
import { createHmac, hkdfSync } from "node:crypto";
import { appUrl } from "@/lib/config";
import type { Keyring } from "@/lib/vault";
import { sameSignature } from "@/lib/vault/same-signature";

/** How long after the event its materials stay reachable. */
export const MATERIALS_AFTER_END_SECONDS = 30 * 24 * 3600;

const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function mac(secret: Buffer, attendeeId: string, expires: number): string {
  const key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), "switchboard:materials-links", 32));
  return createHmac("sha256", key).update(`${attendeeId}\n${expires}`).digest("base64url");
}

export function materialsToken(keyring: Keyring, attendeeId: string, eventEndsAt: Date): string {
  const expires = Math.floor(eventEndsAt.getTime() / 1000) + MATERIALS_AFTER_END_SECONDS;
  return `${attendeeId}.${expires}.${mac(keyring.keys.get(keyring.currentId)!, attendeeId, expires)}`;
}

export function materialsUrl(keyring: Keyring, a: { attendeeId: string; slug: string; eventEndsAt: Date }): string {
  return `${appUrl()}/e/${encodeURIComponent(a.slug)}/materials/${materialsToken(keyring, a.attendeeId, a.eventEndsAt)}`;
}

export type TokenCheck = { ok: true; attendeeId: string } | { ok: false; reason: "invalid" | "expired" };

/** Checked against every key of the keyring, so a key rotation does not break links already e-mailed. */
export function verifyMaterialsToken(keyring: Keyring, token: string, now = Date.now()): TokenCheck {
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, reason: "invalid" };
  const [, attendeeId, exp, signature] = m as unknown as [string, string, string, string];
  const expires = Number(exp);
  const valid = [...keyring.keys.values()].some((secret) => sameSignature(signature, mac(secret, attendeeId, expires)));
  if (!valid) return { ok: false, reason: "invalid" };
  if (expires * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true, attendeeId };
}
