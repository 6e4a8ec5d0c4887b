// Giving money back from a confirmed payment, through the API or the admin: a
// refund transaction is recorded (its amount is the refund, originalTransactionId
// points back), the payment becomes partially-refunded or refunded with the total in
// its invoice's refundedAmount, and the webhook hears about the payment's new status.
import type { PayrexxTransaction } from "../state";
import { notify } from "../webhooks/deliver";
import type { PayrexxWorld } from "../world";
import { publicId } from "./attempt";

export type RefundCheck = { ok: true; amount: number } | { ok: false; status: number; message: string };

/** Whether Payrexx would refund `amount` (null: all that is left) of this transaction. */
export function checkRefund(tx: PayrexxTransaction, amount: number | null): RefundCheck {
  if (tx.originalTransactionId !== null) return { ok: false, status: 400, message: "An error occurred: A refund transaction cannot be refunded" };
  if (tx.status === "refunded") return { ok: false, status: 400, message: "An error occurred: The transaction is already refunded" };
  if (tx.status !== "confirmed" && tx.status !== "partially-refunded") {
    return { ok: false, status: 400, message: `An error occurred: A transaction with status ${tx.status} cannot be refunded` };
  }
  const left = tx.amount - tx.refundedAmount;
  const wanted = amount ?? left;
  if (wanted > left) return { ok: false, status: 400, message: `An error occurred: The refund amount ${wanted} exceeds the refundable amount ${left}` };
  return { ok: true, amount: wanted };
}

export function refundTransaction(w: PayrexxWorld, tx: PayrexxTransaction, amount: number): PayrexxTransaction {
  const refund: PayrexxTransaction = {
    ...tx,
    id: w.state.nextTransactionId++,
    uuid: publicId(),
    status: "refunded",
    time: w.now(),
    amount,
    refundedAmount: 0,
    originalTransactionId: tx.id,
    refundIds: [],
  };
  w.state.transactions.set(refund.id, refund);
  tx.refundIds.push(refund.id);
  tx.refundedAmount += amount;
  tx.status = tx.refundedAmount >= tx.amount ? "refunded" : "partially-refunded";
  notify(w, tx);
  return refund;
}
