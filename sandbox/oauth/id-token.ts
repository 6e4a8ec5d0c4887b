// OpenID Connect ID tokens, as the sign-in emulators issue them: RS256 JWTs signed
// with a key each provider makes once per process and publishes at its jwks_uri,
// so a client that verifies them (openid-client, under next-auth) can, with the
// sandbox's keys. A reset keeps the keys: a client may have cached them.
import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

const keys = new Map<string, SigningKey>();

/** Made on first use: generating an RSA key costs tens of milliseconds a sandbox rarely needs. */
function signingKey(provider: string): SigningKey {
  let key = keys.get(provider);
  if (!key) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const kid = createHash("sha256").update(publicKey.export({ format: "der", type: "spki" })).digest("hex").slice(0, 40);
    key = { kid, privateKey, jwk: { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } };
    keys.set(provider, key);
  }
  return key;
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

export function signIdToken(provider: string, claims: Record<string, unknown>): string {
  const k = signingKey(provider);
  const signingInput = `${b64url({ alg: "RS256", kid: k.kid, typ: "JWT" })}.${b64url(claims)}`;
  return `${signingInput}.${sign("RSA-SHA256", Buffer.from(signingInput), k.privateKey).toString("base64url")}`;
}

/** The JSON Web Key Set a provider's jwks_uri answers. */
export function publishedKeys(provider: string): { keys: Record<string, unknown>[] } {
  return { keys: [signingKey(provider).jwk] };
}

/** at_hash: the left half of the access token's SHA-256, as OpenID Connect defines it for RS256. */
export function accessTokenHash(accessToken: string): string {
  return createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url");
}
