// The merchant every app belongs to, and the buyer who approves orders on the
// approval page. Fixed, obviously fake people and ids.
import { createHash } from "node:crypto";

export const MERCHANT = {
  name: "Sandbox Events GmbH",
  email: "merchant@sandbox-events.example",
  merchantId: "SBXEVNTSCH4QZ",
} as const;

export const BUYER = {
  givenName: "Pat",
  surname: "Payer",
  email: "pat.payer@example.com",
  payerId: "SBXPAYER7Q2W3",
  countryCode: "CH",
} as const;

/** The REST app a client id stands for; the same client id is always the same app. */
export function appIdOf(clientId: string): string {
  const digest = createHash("sha256").update(clientId).digest();
  const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return `APP-${[...digest.subarray(0, 17)].map((b) => chars[b % 36]).join("")}`;
}
