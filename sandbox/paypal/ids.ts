// Identifiers shaped like PayPal's: orders, captures and refunds are 17 upper-case
// letters and digits, payer ids 13, webhook events "WH-" and two such parts.
import { randomBytes, randomUUID } from "node:crypto";

const UPPER = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function upperId(length = 17): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length)) {
      // 252 = 7 × 36: dropping larger bytes keeps every character equally likely.
      if (b < 252 && out.length < length) out += UPPER[b % 36];
    }
  }
  return out;
}

export const orderId = () => upperId(17);
export const captureId = () => upperId(17);
export const refundId = () => upperId(17);
export const webhookId = () => upperId(17);
export const eventId = () => `WH-${upperId(17)}-${upperId(17)}`;
export const disputeId = () => `PP-D-${10000 + (randomBytes(2).readUInt16BE(0) % 90000)}`;
export const debugId = () => randomBytes(7).toString("hex");
export const transmissionId = () => randomUUID();

/** A REST access token, shaped like PayPal's ("A21AA…"). */
export function accessToken(): string {
  return `A21AA${randomBytes(48).toString("base64url")}`;
}
