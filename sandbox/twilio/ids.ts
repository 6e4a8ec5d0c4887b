import { createHash } from "node:crypto";
import { pick } from "../core/ids";

const HEX = "0123456789abcdef";

/** Twilio's SIDs: a two-letter prefix and 32 hex digits. */
export function twilioSid(prefix: "SM" | "PN" | "MG" | "SK" | "CA"): string {
  return `${prefix}${pick(HEX, 32)}`;
}

/** The same seed always gives the same SID, so an account's numbers keep their SIDs across resets. */
export function stableSid(prefix: "PN" | "MG" | "HX", seed: string): string {
  return `${prefix}${createHash("sha256").update(seed).digest("hex").slice(0, 32)}`;
}

export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
export const KEY_SID = /^SK[0-9a-fA-F]{32}$/;
