// Identifiers that look like the providers' own, so code that parses or logs them
// behaves as it will in production.
import { randomBytes } from "node:crypto";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

function pick(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** URL-safe random text, for tokens and codes. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

/** Slack ids: a type letter and uppercase alphanumerics (C… channels, U… users). */
export function slackId(prefix: string): string {
  return prefix + pick(UPPER, 10);
}

/** Google Calendar event ids are base32hex, lowercase. */
export function calendarEventId(): string {
  return pick(BASE32HEX, 26);
}

export function etag(): string {
  return `"${Date.now()}${pick("0123456789", 4)}"`;
}
