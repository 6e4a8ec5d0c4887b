// Stripe-Signature exactly as Stripe computes it: t=<unix seconds>,v1=<hex
// HMAC-SHA256 of "<t>.<body>">, keyed by the endpoint's whole secret (whsec_… included).
import { createHmac } from "node:crypto";
import { webhookSecret } from "../ids";
import type { SignatureKind } from "../state";

/** How far back a "stale" signature is dated: beyond the SDKs' default tolerance of five minutes. */
const STALE_SECONDS = 600;

export function signatureHeader(body: string, secret: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

/**
 * Signed against real time, not sandbox time: the receiver checks the timestamp
 * against its own clock. The broken kinds exist so a receiver's refusals can be tested.
 */
export function sign(body: string, secret: string, kind: SignatureKind): string {
  const now = Math.floor(Date.now() / 1000);
  switch (kind) {
    case "valid":
      return signatureHeader(body, secret, now);
    case "stale":
      return signatureHeader(body, secret, now - STALE_SECONDS);
    case "wrong-secret":
      return signatureHeader(body, webhookSecret(), now);
  }
}
