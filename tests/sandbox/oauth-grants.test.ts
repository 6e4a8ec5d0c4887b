// The grant book every OAuth emulator keeps: a code is redeemed once, by its app,
// at its redirect, with its PKCE verifier; a refresh token rotates away and, for a
// provider that says so, lapses; revoking a token revokes its grant's other tokens.
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { emptyGrantBook, grantTokens, type AuthCode, type Grant, type GrantBook } from "../../sandbox/oauth/grants";

let n = 0;
const tokens = grantTokens({ accessToken: () => `access-${++n}`, refreshToken: () => `refresh-${++n}`, refreshSeconds: 100 * 86_400 });
const DAY = 86_400_000;
const VERIFIER = "a-verifier-long-enough-for-pkce-0000000000000";

type PlaceCode = AuthCode & { place: string };
let book: GrantBook<Grant, PlaceCode>;

function issueCode(value: string, over: Partial<PlaceCode> = {}): void {
  book.codes.set(value, {
    clientId: "app",
    redirectUri: "https://app.example.test/back",
    scopes: ["read"],
    challenge: createHash("sha256").update(VERIFIER).digest("base64url"),
    challengeMethod: "S256",
    expiresAt: 10_000,
    used: false,
    place: "here",
    ...over,
  });
}

const redeem = (code: string | undefined, over: { clientId?: string; redirectUri?: string; verifier?: string; now?: number } = {}) =>
  tokens.redeemCode(book, { code, clientId: "app", redirectUri: "https://app.example.test/back", verifier: VERIFIER, now: 1_000, ...over }, (c) => c.place === "here");

beforeEach(() => {
  book = emptyGrantBook();
});

describe("codes", () => {
  it("redeems a code once, with its verifier, and refuses each wrong redemption for its own reason without spending it", () => {
    issueCode("c1");
    expect(redeem("nope")).toEqual({ refusal: "unknown" });
    expect(redeem(undefined)).toEqual({ refusal: "unknown" });
    expect(redeem("c1", { clientId: "other" })).toMatchObject({ refusal: "spent" });
    expect(redeem("c1", { now: 10_000 })).toMatchObject({ refusal: "spent" });
    expect(redeem("c1", { redirectUri: "https://app.example.test/elsewhere" })).toMatchObject({ refusal: "redirect_uri" });
    expect(redeem("c1", { verifier: "" })).toMatchObject({ refusal: "verifier_missing" });
    expect(redeem("c1", { verifier: "not-the-verifier" })).toMatchObject({ refusal: "verifier_mismatch" });
    expect(book.codes.get("c1")!.used).toBe(false);

    const ok = redeem("c1");
    expect(ok).toEqual({ code: expect.objectContaining({ scopes: ["read"], used: true }) });
    expect(redeem("c1")).toMatchObject({ refusal: "spent" });
  });

  it("refuses a code the provider's own check says was issued elsewhere, naming the code", () => {
    issueCode("c2", { place: "there" });
    expect(redeem("c2")).toEqual({ refusal: "elsewhere", code: expect.objectContaining({ place: "there", used: false }) });
  });

  it("takes a plain challenge as the verifier itself, and a code without a challenge with no verifier", () => {
    issueCode("plain", { challenge: VERIFIER, challengeMethod: "plain" });
    expect(redeem("plain", { verifier: `${VERIFIER}x` })).toMatchObject({ refusal: "verifier_mismatch" });
    expect(redeem("plain")).toHaveProperty("code");
    issueCode("bare", { challenge: null, challengeMethod: null });
    expect(redeem("bare", { verifier: undefined })).toHaveProperty("code");
  });
});

describe("grants and tokens", () => {
  it("rotates a refresh token: the one used stops working, the new one lives its full time", () => {
    const grant = tokens.createGrant(book, { clientId: "app", scopes: ["read"] }, 0);
    const first = grant.refreshToken!;
    expect(tokens.refreshTokenExpiresAt(book, grant)).toBe(100 * DAY);
    tokens.rotateRefreshToken(book, grant, 50 * DAY);
    expect(tokens.grantForRefreshToken(book, first, 50 * DAY)).toBeNull();
    expect(tokens.grantForRefreshToken(book, grant.refreshToken!, 149 * DAY)).toBe(grant);
    expect(tokens.grantForRefreshToken(book, grant.refreshToken!, 150 * DAY)).toBeNull();
  });

  it("keeps a refresh token for ever when the provider sets no lifetime, and makes none for a grant without refresh", () => {
    const forever = grantTokens({ accessToken: () => `a-${++n}`, refreshToken: () => `r-${++n}` });
    const grant = forever.createGrant(book, { clientId: "app", scopes: [] }, 0);
    expect(forever.grantForRefreshToken(book, grant.refreshToken!, 10_000 * DAY)).toBe(grant);
    expect(forever.refreshTokenExpiresAt(book, grant)).toBeNull();
    expect(forever.createGrant(book, { clientId: "app", scopes: [], refresh: false }, 0).refreshToken).toBeNull();
  });

  it("ends an access token at its expiry or when expireAll is asked, and counts only live ones", () => {
    const grant = tokens.createGrant(book, { clientId: "app", scopes: [] }, 0);
    const access = tokens.issueAccessToken(book, grant, 0);
    expect(tokens.accessSeconds).toBe(3599);
    expect(tokens.grantForAccessToken(book, access, 3_598_999)).toBe(grant);
    expect(tokens.grantForAccessToken(book, access, 3_599_000)).toBeNull();
    const fresh = tokens.issueAccessToken(book, grant, 10_000);
    expect(tokens.expireAll(book, 3_600_000)).toBe(1);
    expect(tokens.grantForAccessToken(book, fresh, 3_600_000)).toBeNull();
  });

  it("revokes a grant through any of its tokens, once, and revokeAll counts the grants still live", () => {
    const a = tokens.createGrant(book, { clientId: "app", scopes: [] }, 0);
    const b = tokens.createGrant(book, { clientId: "app", scopes: [] }, 0);
    const access = tokens.issueAccessToken(book, a, 0);
    expect(tokens.revokeToken(book, a.refreshToken!)).toBe(true);
    expect(tokens.revokeToken(book, access)).toBe(false);
    expect(tokens.grantForAccessToken(book, access, 1)).toBeNull();
    expect(tokens.revokeToken(book, "unknown")).toBe(false);
    expect(tokens.revokeAll(book)).toBe(1);
    expect(tokens.grantForRefreshToken(book, b.refreshToken!, 1)).toBeNull();
  });
});
