// Google's OpenID id_tokens, signed with the key published at /google-calendar/oauth2/v3/certs.
import { accessTokenHash, publishedKeys, signIdToken } from "../../oauth/id-token";
import type { GoogleUser } from "../state";

export function idToken(input: { user: GoogleUser; clientId: string; scopes: string[]; accessToken: string; nonce: string | null; nowMs: number }): string {
  const iat = Math.floor(input.nowMs / 1000);
  const withEmail = input.scopes.some((s) => s === "email" || s.endsWith("/userinfo.email"));
  const withProfile = input.scopes.some((s) => s === "profile" || s.endsWith("/userinfo.profile"));
  return signIdToken("google", {
    iss: GOOGLE_ISSUER,
    azp: input.clientId,
    aud: input.clientId,
    sub: input.user.sub,
    ...(withEmail ? { email: input.user.email, email_verified: input.user.emailVerified } : {}),
    ...(withProfile ? { name: input.user.name, given_name: input.user.givenName, family_name: input.user.familyName, picture: input.user.picture } : {}),
    at_hash: accessTokenHash(input.accessToken),
    ...(input.nonce ? { nonce: input.nonce } : {}),
    iat,
    exp: iat + 3600,
  });
}

/** Google's issuer, one for every account; the discovery document names the same. */
export const GOOGLE_ISSUER = "https://accounts.google.com";

export function jwks(): { keys: Record<string, unknown>[] } {
  return publishedKeys("google");
}
