// The member cookie: this browser has shown, by subscribing or by a one-time
// sign-in link, that it belongs to the member with this e-mail in this
// organization. It says who, not what they get: every order re-checks that the
// membership is active (./pricing.ts), so a cancelled member's cookie is worth nothing.
import type { Keyring } from "@/lib/vault";
import { normalizeEmail } from "@/lib/email/suppressions";
import { readToken, signToken } from "./signed";

export const MEMBER_COOKIE_DAYS = 30;

/** One cookie per organization, so being a member of one says nothing at another. */
export function memberCookieName(orgId: string): string {
  return `sb_member_${orgId.replace(/-/g, "")}`;
}

export function memberCookieValue(keyring: Keyring, orgId: string, email: string): string {
  const who = Buffer.from(normalizeEmail(email)).toString("base64url");
  return signToken(keyring, "member-cookie", [orgId, who], new Date(Date.now() + MEMBER_COOKIE_DAYS * 86_400_000));
}

/** The e-mail the cookie vouches for in this organization, or null. */
export function memberEmailFromCookie(keyring: Keyring, orgId: string, value: string | undefined | null): string | null {
  const parts = readToken(keyring, "member-cookie", value, 2);
  if (!parts || parts[0] !== orgId) return null;
  return Buffer.from(parts[1]!, "base64url").toString("utf8");
}

export const memberCookieOptions = { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: MEMBER_COOKIE_DAYS * 86_400 };
