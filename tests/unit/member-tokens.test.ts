// The member cookie and the member page link: signed per use, per organization,
// expiring, and read with every key of the keyring; and member prices.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/vault";
import { readToken, signToken } from "@/lib/memberships/signed";
import { memberCookieValue, memberProofFromCookie } from "@/lib/memberships/member-cookie";
import { memberUnitPrice, unitPriceFor } from "@/lib/memberships/pricing";

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const keys = `k1:${k1.toString("base64")},k2:${k2.toString("base64")}`;
const ring1 = keyringFromEnv({ VAULT_KEYS: keys, VAULT_CURRENT_KEY_ID: "k1" });
const ring2 = keyringFromEnv({ VAULT_KEYS: keys, VAULT_CURRENT_KEY_ID: "k2" });
const other = keyringFromEnv({ VAULT_KEYS: `k1:${randomBytes(32).toString("base64")}`, VAULT_CURRENT_KEY_ID: "k1" });
const org = "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
const later = new Date(Date.now() + 60_000);

describe("signed member tokens", () => {
  it("reads back what it signed, after a key rotation too", () => {
    const token = signToken(ring1, "member-page", ["abc"], later);
    expect(readToken(ring1, "member-page", token, 1)).toEqual(["abc"]);
    expect(readToken(ring2, "member-page", token, 1)).toEqual(["abc"]);
  });

  it("refuses a forged, expired, foreign-key or other-use token", () => {
    const token = signToken(ring1, "member-page", ["abc"], later);
    expect(readToken(other, "member-page", token, 1)).toBeNull();
    expect(readToken(ring1, "member-cookie", token, 1)).toBeNull();
    expect(readToken(ring1, "member-page", token.replace("abc", "abd"), 1)).toBeNull();
    expect(readToken(ring1, "member-page", signToken(ring1, "member-page", ["abc"], new Date(Date.now() - 1_000)), 1)).toBeNull();
    expect(readToken(ring1, "member-page", `${token}.x`, 1)).toBeNull();
    expect(readToken(ring1, "member-page", undefined, 1)).toBeNull();
  });

  it("ties the member cookie to one organization and a normalized e-mail", () => {
    const cookie = memberCookieValue(ring1, org, { email: " Mia@Example.COM " });
    expect(memberProofFromCookie(ring1, org, cookie)).toEqual({ email: "mia@example.com" });
    expect(memberProofFromCookie(ring2, org, cookie)).toEqual({ email: "mia@example.com" });
    expect(memberProofFromCookie(ring1, "00000000-0000-4000-8000-000000000000", cookie)).toBeNull();
  });

  it("keeps a cookie for one membership apart from one for an address", () => {
    const membershipId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const cookie = memberCookieValue(ring1, org, { membershipId });
    expect(memberProofFromCookie(ring1, org, cookie)).toEqual({ membershipId });
    expect(memberProofFromCookie(other, org, cookie)).toBeNull();
    expect(memberProofFromCookie(ring1, "00000000-0000-4000-8000-000000000000", cookie)).toBeNull();
    // Signed by us, but not a cookie's shape: an unknown kind, a membership that is no id, or the old two-part cookie.
    expect(memberProofFromCookie(ring1, org, signToken(ring1, "member-cookie", [org, "x", membershipId], later))).toBeNull();
    expect(memberProofFromCookie(ring1, org, signToken(ring1, "member-cookie", [org, "m", "not-a-membership-id"], later))).toBeNull();
    expect(memberProofFromCookie(ring1, org, signToken(ring1, "member-cookie", [org, Buffer.from("mia@example.com").toString("base64url")], later))).toBeNull();
  });
});

describe("member prices", () => {
  const standard = { name: "Standard", price_minor: 2500 };
  it("takes the best discount of the plans that name the ticket type, rounded in the buyer's favour", () => {
    const grants = [
      { planName: "A", discountPercent: 20, ticketTypeNames: ["standard"] },
      { planName: "B", discountPercent: 33, ticketTypeNames: ["VIP"] },
    ];
    expect(memberUnitPrice(grants, standard)).toBe(2000);
    expect(memberUnitPrice(grants, { name: "VIP", price_minor: 999 })).toBe(669);
    expect(memberUnitPrice(grants, { name: "Workshop", price_minor: 1000 })).toBe(1000);
    expect(memberUnitPrice([{ planName: "All", discountPercent: 100, ticketTypeNames: [] }], standard)).toBe(0);
    expect(unitPriceFor([])).toBeUndefined();
  });
});
