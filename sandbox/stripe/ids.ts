// Identifiers shaped like Stripe's: a type prefix and base62 text; Checkout Session
// ids also carry the mode (cs_test_…, cs_live_…) and are 66 characters, like Stripe's.
import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function base62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length)) {
      // 248 = 4 × 62: dropping larger bytes keeps every character equally likely.
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

export function stripeId(prefix: string, length = 24): string {
  return `${prefix}_${base62(length)}`;
}

export function sessionId(livemode: boolean): string {
  return `cs_${livemode ? "live" : "test"}_a1${base62(56)}`;
}

export function webhookSecret(): string {
  return `whsec_${base62(32)}`;
}
