// Random pieces for identifiers that look like the providers' own (each provider
// shapes its own from these), so code that parses or logs them behaves as it will
// in production.
import { randomBytes } from "node:crypto";

/** `length` characters of `alphabet`, at random. */
export function pick(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** URL-safe random text, for tokens and codes. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

export function etag(): string {
  return `"${Date.now()}${pick("0123456789", 4)}"`;
}
