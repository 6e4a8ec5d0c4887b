// A refund of a capture, at GET /v2/payments/refunds/{id} and in its order's purchase unit.
import { moneyView } from "../money";
import type { PayPalRefund } from "../state";
import { isoTime, type World } from "../world";
import { link } from "./links";

export function refundView(w: World, r: PayPalRefund): Record<string, unknown> {
  const capture = w.state.captures.get(r.captureId);
  // The total refunded on the capture once this refund was made.
  const upTo = capture ? capture.refundIds.slice(0, capture.refundIds.indexOf(r.id) + 1) : [r.id];
  const total = upTo.reduce((n, id) => n + (w.state.refunds.get(id)?.amount.minor ?? 0), 0);
  return {
    id: r.id,
    amount: moneyView(r.amount),
    ...(r.invoiceId !== null ? { invoice_id: r.invoiceId } : {}),
    ...(r.customId !== null ? { custom_id: r.customId } : {}),
    ...(r.noteToPayer !== null ? { note_to_payer: r.noteToPayer } : {}),
    seller_payable_breakdown: {
      gross_amount: moneyView(r.amount),
      paypal_fee: moneyView({ currency: r.amount.currency, minor: 0 }),
      net_amount: moneyView(r.amount),
      total_refunded_amount: moneyView({ currency: r.amount.currency, minor: total }),
    },
    status: "COMPLETED",
    create_time: isoTime(r.created),
    update_time: isoTime(r.created),
    links: [link(`${w.api}/v2/payments/refunds/${r.id}`, "self"), link(`${w.api}/v2/payments/captures/${r.captureId}`, "up")],
  };
}
