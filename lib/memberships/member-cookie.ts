// The member cookie: what this browser has shown about itself in one
// organization. A one-time sign-in link opened from the inbox shows the browser
// holds that e-mail address, so every membership of the address counts; coming
// back from paying a subscription shows only that this browser paid for that one
// membership (the e-mail typed into the form was never checked), so only that
// membership counts. The cookie says who, not what they get: every order re-checks
// that the membership is active (./pricing.ts), so a cancelled member's cookie is worth nothing.
import type { Keyring } from "@/lib/vault";
import { normalizeEmail } from "@/lib/email/suppressions";
import { readToken, signToken } from "./signed";

export const MEMBER_COOKIE_DAYS = 30;

export type MemberProof = { email: string } | { membershipId: string };

/** One cookie per organization, so being a member of one says nothing at another. */
export function memberCookieName(orgId: string): string {
  return `sb_member_${orgId.replace(/-/g, "")}`;
}

export function memberCookieValue(keyring: Keyring, orgId: string, proof: MemberProof): string {
  const [kind, value] = "email" in proof ? ["e", Buffer.from(normalizeEmail(proof.email)).toString("base64url")] : ["m", proof.membershipId];
  return signToken(keyring, "member-cookie", [orgId, kind, value], new Date(Date.now() + MEMBER_COOKIE_DAYS * 86_400_000));
}

/** What the cookie vouches for in this organization, or null. */
export function memberProofFromCookie(keyring: Keyring, orgId: string, value: string | undefined | null): MemberProof | null {
  const parts = readToken(keyring, "member-cookie", value, 3);
  if (!parts || parts[0] !== orgId) return null;
  if (parts[1] === "e") return { email: Buffer.from(parts[2]!, "base64url").toString("utf8") };
  if (parts[1] === "m" && /^[0-9a-f-]{36}$/i.test(parts[2]!)) return { membershipId: parts[2]! };
  return null;
}

export const memberCookieOptions = { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: MEMBER_COOKIE_DAYS * 86_400 };
