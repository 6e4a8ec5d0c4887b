import { createHash, randomBytes } from "node:crypto";

export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** RFC 7636 S256: the challenge is the verifier's SHA-256, base64url without padding. */
export function pkceChallenge(verifier: string): string {
  return sha256(verifier);
}
