// What a Payrexx transaction, as Payrexx's API returns it now, means for its order.
// Callbacks and the buyer's return both end here, always with state read from the
// API, never with what a callback claimed; each step is idempotent, so the same
// state applied twice, or old states applied late, change nothing.
import type { OrderRow } from "@/lib/db/schema";
import { applyRefunds, cancelPendingOrder, markDisputed } from "@/lib/domain/orders/settle";
import { refundLatePayment } from "@/lib/payments/late-payment";
import { ticketsUpToTotal } from "@/lib/payments/refund-claims";
import { isMismatch, paidOutcomeText, settlePaid, type PaidOutcome } from "@/lib/payments/settle-paid";
import { ProviderCallError } from "../contract";
import { ignored, processed, type Processed } from "../contract/inbound";
import { retrieveGateway, retrieveTransaction } from "./client";
import type { PayrexxContext } from "./manifest";
import { paidTransactionOf, refundedAmountOf, type PayrexxGateway, type PayrexxTransaction } from "./objects";
import { payrexxRefunds } from "./refund";

/** Null when Payrexx says it does not exist (deleted, or not this instance's). */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof ProviderCallError && err.failure.kind === "not_found") return null;
    throw err;
  }
}

/** Paid, or refunded in full at once when the places went to someone else meanwhile. */
async function paid(ctx: PayrexxContext, order: OrderRow, tx: PayrexxTransaction): Promise<PaidOutcome> {
  const payment = { provider: "payrexx", connectionId: ctx.connection.id, amountMinor: tx.amount ?? tx.invoice?.originalAmount, currency: tx.invoice?.currency };
  return settlePaid(ctx.db, order.id, { paymentIntentId: String(tx.id) }, (late) => refundLatePayment(ctx.db, payrexxRefunds, ctx, late), payment);
}

async function refunds(ctx: PayrexxContext, order: OrderRow, tx: PayrexxTransaction): Promise<Processed> {
  // A refund implies the payment: if its "confirmed" never arrived, this settles it first.
  const settled = await paid(ctx, order, tx);
  // Refunds of a payment that is not the order's own say nothing about the order's tickets.
  if (isMismatch(settled)) return processed(paidOutcomeText(settled));
  const refundedMinor = refundedAmountOf(tx);
  const result = await applyRefunds(ctx.db, order.id, { refundedMinor, attendeeIds: await ticketsUpToTotal(ctx.db, order.id, refundedMinor) });
  return processed(result === "changed" ? `refund applied (${refundedMinor} refunded in total)` : "refund already applied");
}

/**
 * A declined, cancelled or failed attempt. The gateway decides: another attempt on
 * it may have paid; while it is still open the buyer may try again (the hold's own
 * expiry releases the places); once it is closed, the places go now.
 */
async function failedAttempt(ctx: PayrexxContext, order: OrderRow, tx: PayrexxTransaction): Promise<Processed> {
  const gatewayId = order.checkout_id ?? tx.invoice?.paymentRequestId ?? null;
  const gateway: PayrexxGateway | null = gatewayId === null ? null : await orNotFound(() => retrieveGateway(ctx, gatewayId));
  const other = gateway ? paidTransactionOf(gateway) : undefined;
  if (other) {
    const result = await paid(ctx, order, await retrieveTransaction(ctx, other.id));
    return processed(result === "changed" ? `attempt ${tx.status}, but the gateway was paid by transaction ${other.id}: order paid` : paidOutcomeText(result));
  }
  if (gateway?.status === "waiting") return processed(`payment attempt ${tx.status}; the payment page stays open until the hold expires`);
  const result = await cancelPendingOrder(ctx.db, order.id);
  return processed(result === "changed" ? `payment ${tx.status}; held places released` : `order is ${order.status}; nothing to release`);
}

export async function applyTransaction(ctx: PayrexxContext, order: OrderRow, tx: PayrexxTransaction): Promise<Processed> {
  switch (tx.status) {
    case "confirmed": {
      const result = await paid(ctx, order, tx);
      return processed(paidOutcomeText(result));
    }
    case "partially-refunded":
    case "refunded":
      return refunds(ctx, order, tx);
    case "chargeback": {
      const settled = await paid(ctx, order, tx);
      if (isMismatch(settled)) return processed(paidOutcomeText(settled));
      const result = await markDisputed(ctx.db, order.id);
      return processed(result === "changed" ? "chargeback: order marked as disputed" : "order already marked as disputed");
    }
    case "declined":
    case "cancelled":
    case "error":
      return failedAttempt(ctx, order, tx);
    default:
      // waiting, authorized, reserved, refund_pending, uncaptured: nothing to do until it settles.
      return ignored(`a ${tx.status} transaction needs nothing from Switchboard`);
  }
}
