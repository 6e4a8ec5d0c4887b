// Signed, expiring tokens for members: the member cookie (this browser has shown
// it belongs to a member of an organization) and the link to a member's own page.
// Keys are derived from the vault's keys under a label per use, so one kind of
// token can never stand for another; every key of the keyring is tried, so a key
// rotation does not sign members out.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Keyring } from "@/lib/vault";

export type TokenUse = "member-cookie" | "member-page";

function mac(secret: Buffer, use: TokenUse, body: string): string {
  const key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `switchboard:${use}`, 32));
  return createHmac("sha256", key).update(body).digest("base64url");
}

/** `parts` must not contain dots. */
export function signToken(keyring: Keyring, use: TokenUse, parts: string[], expiresAt: Date): string {
  const body = [...parts, String(Math.floor(expiresAt.getTime() / 1000))].join(".");
  return `${body}.${mac(keyring.keys.get(keyring.currentId)!, use, body)}`;
}

/** The signed parts, or null when the token is forged, malformed or expired. */
export function readToken(keyring: Keyring, use: TokenUse, token: string | undefined | null, partCount: number, now = Date.now()): string[] | null {
  if (!token || token.length > 600) return null;
  const pieces = token.split(".");
  if (pieces.length !== partCount + 2) return null;
  const signature = Buffer.from(pieces.pop()!, "base64url");
  const body = pieces.join(".");
  const valid = [...keyring.keys.values()].some((secret) => {
    const want = Buffer.from(mac(secret, use, body), "base64url");
    return want.length === signature.length && timingSafeEqual(want, signature);
  });
  if (!valid) return null;
  const expires = Number(pieces.pop());
  if (!Number.isFinite(expires) || expires * 1000 < now) return null;
  return pieces;
}
