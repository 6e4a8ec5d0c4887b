// Refunds by capture, with the claim's key as PayPal-Request-Id: PayPal replays a
// request sent again with the same id, so a failed attempt may be retried at once.
import { createHash } from "node:crypto";
import { ConflictError } from "@/lib/domain/errors";
import type { GatewayRefunds } from "@/lib/payments/gateway-refunds";
import { paypalApi } from "./client";
import type { PayPalContext } from "./manifest";
import { toPayPalMoney } from "./money";
import { TEXT_MAX } from "./text";

/** PayPal's limit for PayPal-Request-Id. */
const REQUEST_ID_MAX = 108;

function requestId(key: string): string {
  return key.length <= REQUEST_ID_MAX ? key : `refund-${createHash("sha256").update(key).digest("hex").slice(0, 64)}`;
}

export const paypalRefunds: GatewayRefunds<PayPalContext> = {
  async refund(ctx, { order, amountMinor, attendeeIds, idempotencyKey }) {
    const customId = attendeeIds.join(",");
    if (customId.length > TEXT_MAX) throw new ConflictError("PayPal keeps at most 127 characters with a refund: refund these tickets one at a time.");
    await paypalApi(ctx, "captures.refund", {
      method: "POST",
      path: `v2/payments/captures/${encodeURIComponent(order.payment_intent_id!)}/refund`,
      requestId: requestId(idempotencyKey),
      body: { amount: toPayPalMoney(amountMinor, order.currency), ...(customId ? { custom_id: customId } : {}) },
    });
  },
  refundsReplayKeys: true,
};
