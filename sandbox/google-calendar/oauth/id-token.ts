// OpenID id_tokens signed RS256 with a key made once per process and published at
// /google-calendar/oauth2/v3/certs, so a client that verifies them can, with the sandbox's keys.
import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { GoogleUser } from "../state";

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

let key: SigningKey | undefined;

/** Made on first use: generating an RSA key costs tens of milliseconds a sandbox rarely needs. */
function signingKey(): SigningKey {
  if (!key) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const kid = createHash("sha256").update(publicKey.export({ format: "der", type: "spki" })).digest("hex").slice(0, 40);
    key = { kid, privateKey, jwk: { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } };
  }
  return key;
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

export function idToken(input: { user: GoogleUser; clientId: string; scopes: string[]; accessToken: string; nonce: string | null; nowMs: number }): string {
  const k = signingKey();
  const iat = Math.floor(input.nowMs / 1000);
  // at_hash: left half of the access token's SHA-256, as OpenID Connect defines it.
  const atHash = createHash("sha256").update(input.accessToken).digest().subarray(0, 16).toString("base64url");
  const withEmail = input.scopes.some((s) => s === "email" || s.endsWith("/userinfo.email"));
  const withProfile = input.scopes.some((s) => s === "profile" || s.endsWith("/userinfo.profile"));
  const claims = {
    iss: "https://accounts.google.com",
    azp: input.clientId,
    aud: input.clientId,
    sub: input.user.sub,
    ...(withEmail ? { email: input.user.email, email_verified: true } : {}),
    ...(withProfile ? { name: input.user.name, given_name: input.user.givenName, family_name: input.user.familyName, picture: input.user.picture } : {}),
    at_hash: atHash,
    ...(input.nonce ? { nonce: input.nonce } : {}),
    iat,
    exp: iat + 3600,
  };
  const signingInput = `${b64url({ alg: "RS256", kid: k.kid, typ: "JWT" })}.${b64url(claims)}`;
  const signature = sign("RSA-SHA256", Buffer.from(signingInput), k.privateKey).toString("base64url");
  return `${signingInput}.${signature}`;
}

export function jwks(): { keys: Record<string, unknown>[] } {
  return { keys: [signingKey().jwk] };
}
