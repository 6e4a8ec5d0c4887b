// Signatures in our links are compared as the text we wrote, not as decoded
// bytes: base64url's last character has spare bits, so several spellings decode
// to the same bytes, and a link must have exactly one valid spelling.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Constant-time over any lengths: both sides are hashed to the same size first. */
export function sameSignature(given: string, want: string): boolean {
  return timingSafeEqual(digest(given), digest(want));
}
