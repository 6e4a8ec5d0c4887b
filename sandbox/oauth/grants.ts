// One book of OAuth grants for every emulated provider: the codes a consent makes
// (with their PKCE challenge), the grants a redeemed code makes, and the access and
// refresh tokens a grant yields. Its maps live in the provider's state, so a reset
// forgets them with everything else. The rules (a code is redeemed once, by the app
// it was issued to, at the redirect it was issued for; a revoked grant takes all its
// tokens with it) are the same everywhere; a provider brings only its token formats
// and, at its token endpoint, the wording of each refusal.
//
// How a provider uses it (QuickBooks, say):
//
//   // state.ts: the book is part of the state
//   export interface QuickBooksState extends GrantBook<Grant, AuthCode & { realmId: string }> { … }
//   seed: () => ({ ...emptyGrantBook(), … })
//
//   // tokens.ts: its token formats, once
//   export const QBO_TOKENS = grantTokens({
//     accessToken: () => `sbx-qbo-access-${randomToken(36)}`,
//     refreshToken: () => `sbx-qbo-refresh-${randomToken(30)}`,
//     accessSeconds: 3600,
//     refreshSeconds: 100 * 86_400, // a refresh token lapses unless used
//   });
//
//   // oauth.ts, the token endpoint
//   const r = QBO_TOKENS.redeemCode(state, { code, clientId, redirectUri, verifier, now });
//   if ("refusal" in r) return intuitError(ctx, 400, "invalid_grant", WORDING[r.refusal]);
//   const grant = QBO_TOKENS.createGrant(state, { clientId, scopes: r.code.scopes }, now);
//   … { access_token: QBO_TOKENS.issueAccessToken(state, grant, now), refresh_token: grant.refreshToken, expires_in: QBO_TOKENS.accessSeconds }
//   // and for grant_type=refresh_token:
//   const grant = QBO_TOKENS.grantForRefreshToken(state, refreshToken, now);  // null: unknown, revoked or lapsed
//   if (grant) QBO_TOKENS.rotateRefreshToken(state, grant, now);               // for a provider that rotates
//
//   // credentials.ts: /_sandbox/revoke, /expire and /tokens for free
//   export const qboCredentials = grantCredentials(QBO_TOKENS, { scopes: […], answer: (grant, accessToken) => ({ … }) });
//
// The consent screen that makes the codes is sandbox/oauth/authorize.ts.
import { createHash } from "node:crypto";
import { randomToken } from "../core/ids";

/** One consent: the scopes granted to one app, and every token that came from it. */
export interface Grant {
  id: string;
  clientId: string;
  scopes: string[];
  revoked: boolean;
  /** The grant's live refresh token; null for a grant made without one (Google's online access). */
  refreshToken: string | null;
}

/** What the consent screen's Allow made, waiting to be redeemed at the token endpoint. */
export interface AuthCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge: string | null;
  challengeMethod: "S256" | "plain" | null;
  expiresAt: number;
  used: boolean;
}

export interface GrantBook<G extends Grant = Grant, C extends AuthCode = AuthCode> {
  grants: Map<string, G>;
  codes: Map<string, C>;
  accessTokens: Map<string, { grantId: string; expiresAt: number }>;
  /** expiresAt null: the token lives until it is rotated away or its grant is revoked. */
  refreshTokens: Map<string, { grantId: string; expiresAt: number | null }>;
}

export function emptyGrantBook<G extends Grant = Grant, C extends AuthCode = AuthCode>(): GrantBook<G, C> {
  return { grants: new Map(), codes: new Map(), accessTokens: new Map(), refreshTokens: new Map() };
}

export interface TokenFormats {
  accessToken(): string;
  refreshToken(): string;
  /** Default 3599, as Google, Microsoft and Zoom answer. */
  accessSeconds?: number;
  /** How long a refresh token lives unused; default for ever. */
  refreshSeconds?: number;
}

/** Why a code was refused, for the provider to word: "elsewhere" is a code its `issuedHere` check refused (Microsoft's tenant). */
export type CodeRefusal = "unknown" | "spent" | "elsewhere" | "redirect_uri" | "verifier_missing" | "verifier_mismatch";

export interface CodeRedemption {
  code: string | undefined;
  /** The app that authenticated at the token endpoint. */
  clientId: string;
  redirectUri: string | undefined;
  verifier: string | undefined;
  now: number;
}

export type Redeemed<C> = { code: C } | { refusal: CodeRefusal; code?: C };

/** A code's lifetime, as the providers document it. */
export const CODE_TTL_MS = 10 * 60 * 1000;

function pkceMatches(code: AuthCode, verifier: string): boolean {
  const derived = code.challengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return derived === code.challenge;
}

export type GrantTokens = ReturnType<typeof grantTokens>;

/** The book's operations, minting tokens in one provider's formats. */
export function grantTokens(formats: TokenFormats) {
  const accessSeconds = formats.accessSeconds ?? 3599;
  const refreshSeconds = formats.refreshSeconds ?? null;

  function rotateRefreshToken(book: GrantBook, grant: Grant, now: number): string {
    if (grant.refreshToken) book.refreshTokens.delete(grant.refreshToken);
    grant.refreshToken = formats.refreshToken();
    book.refreshTokens.set(grant.refreshToken, { grantId: grant.id, expiresAt: refreshSeconds === null ? null : now + refreshSeconds * 1000 });
    return grant.refreshToken;
  }

  return {
    accessSeconds,
    refreshSeconds,

    /** Records a grant; with `refresh: false` it has no refresh token (default: it has one). */
    createGrant<G extends Grant>(book: GrantBook<G>, input: Omit<G, "id" | "revoked" | "refreshToken"> & { refresh?: boolean }, now: number): G {
      const { refresh = true, ...fields } = input;
      const grant = { ...fields, id: randomToken(9), revoked: false, refreshToken: null } as unknown as G;
      book.grants.set(grant.id, grant);
      if (refresh) rotateRefreshToken(book, grant, now);
      return grant;
    },

    /** Retires the grant's refresh token and issues the next one (a provider that rotates calls it on each refresh). */
    rotateRefreshToken,

    issueAccessToken(book: GrantBook, grant: Grant, now: number): string {
      const token = formats.accessToken();
      book.accessTokens.set(token, { grantId: grant.id, expiresAt: now + accessSeconds * 1000 });
      return token;
    },

    /** The live grant behind an access token; null when the token is unknown, expired or revoked. */
    grantForAccessToken<G extends Grant>(book: GrantBook<G>, token: string | undefined, now: number): G | null {
      const entry = token ? book.accessTokens.get(token) : undefined;
      if (!entry || entry.expiresAt <= now) return null;
      const grant = book.grants.get(entry.grantId);
      return grant && !grant.revoked ? grant : null;
    },

    /** The live grant behind a refresh token; null when the token is unknown, rotated away, lapsed or revoked. */
    grantForRefreshToken<G extends Grant>(book: GrantBook<G>, token: string | undefined, now: number): G | null {
      const entry = token ? book.refreshTokens.get(token) : undefined;
      if (!entry || (entry.expiresAt !== null && entry.expiresAt <= now)) return null;
      const grant = book.grants.get(entry.grantId);
      return grant && !grant.revoked ? grant : null;
    },

    /** When the grant's refresh token lapses; null when it does not. */
    refreshTokenExpiresAt(book: GrantBook, grant: Grant): number | null {
      return grant.refreshToken ? (book.refreshTokens.get(grant.refreshToken)?.expiresAt ?? null) : null;
    },

    /** Checks a code at the token endpoint and spends it; a refused code stays as it was. */
    redeemCode<C extends AuthCode>(book: GrantBook<Grant, C>, r: CodeRedemption, issuedHere?: (code: C) => boolean): Redeemed<C> {
      const code = r.code ? book.codes.get(r.code) : undefined;
      if (!code) return { refusal: "unknown" };
      if (code.used || code.expiresAt <= r.now || code.clientId !== r.clientId) return { refusal: "spent", code };
      if (issuedHere && !issuedHere(code)) return { refusal: "elsewhere", code };
      if (r.redirectUri !== code.redirectUri) return { refusal: "redirect_uri", code };
      if (code.challenge) {
        if (!r.verifier) return { refusal: "verifier_missing", code };
        if (!pkceMatches(code, r.verifier)) return { refusal: "verifier_mismatch", code };
      }
      code.used = true;
      return { code };
    },

    /** Revokes the grant an access or refresh token belongs to; false when the token is unknown or its grant already revoked. */
    revokeToken(book: GrantBook, token: string): boolean {
      const grantId = book.accessTokens.get(token)?.grantId ?? book.refreshTokens.get(token)?.grantId;
      const grant = grantId ? book.grants.get(grantId) : undefined;
      if (!grant || grant.revoked) return false;
      grant.revoked = true;
      return true;
    },

    /** Revokes every grant, as a person removing the app would; how many were live. */
    revokeAll(book: GrantBook): number {
      let n = 0;
      for (const g of book.grants.values()) {
        if (!g.revoked) n++;
        g.revoked = true;
      }
      return n;
    },

    /** Lets every access token expire now; how many were still live. */
    expireAll(book: GrantBook, now: number): number {
      let n = 0;
      for (const t of book.accessTokens.values()) {
        if (t.expiresAt > now) n++;
        t.expiresAt = Math.min(t.expiresAt, now);
      }
      return n;
    },
  };
}
