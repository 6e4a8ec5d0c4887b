// A payment settles an order only when it is the payment the order asked for: its
// amount and currency, through the gateway and the connection that opened the
// checkout (and on that checkout, where the provider names one). A provider
// callback is signed by the provider, not by the buyer: anyone able to open a
// checkout on the same account can name our order in its metadata.
import type { OrderRow } from "@/lib/db/schema";
import { formatMoney } from "../money";

export interface PaymentSeen {
  /** The gateway (connector id) the payment came through. */
  provider: string;
  /** The connection whose callback reported it. */
  connectionId: string;
  amountMinor: number | null | undefined;
  currency: string | null | undefined;
  /** The provider's checkout (session, order) it was made on, where the callback names one. */
  checkoutId?: string | null;
}

function money(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor == null || !currency) return "an amount the provider did not state";
  try {
    return formatMoney(minor, currency.toUpperCase());
  } catch {
    return `${minor} (minor units) ${currency}`;
  }
}

/** Why this payment cannot settle the order, or null when it is the order's own. */
export function paymentMismatch(order: OrderRow, seen: PaymentSeen): string | null {
  const problems: string[] = [];
  if (order.payment_provider !== seen.provider) {
    problems.push(`it came through ${seen.provider}, but the order's checkout was opened with ${order.payment_provider ?? "no payment provider"}`);
  } else if (order.payment_connection_id && order.payment_connection_id !== seen.connectionId) {
    problems.push("it came through another connection than the one that opened the order's checkout");
  }
  if (seen.checkoutId && order.checkout_id && seen.checkoutId !== order.checkout_id) {
    problems.push(`it was made on checkout ${seen.checkoutId}, not on the order's checkout ${order.checkout_id}`);
  }
  const currency = order.currency.trim().toUpperCase();
  if (seen.amountMinor !== order.total_minor || seen.currency?.trim().toUpperCase() !== currency) {
    problems.push(`it was for ${money(seen.amountMinor, seen.currency)}, but the order is for ${money(order.total_minor, currency)}`);
  }
  return problems.length ? `Payment not accepted: ${problems.join("; ")}.` : null;
}
