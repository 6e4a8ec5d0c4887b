// What a gateway is given to take payment for one pending order, whichever form
// the payment takes (a hosted checkout, an on-page form).
import type { EventRow, OrderRow } from "@/lib/db/schema";

export interface CheckoutLine {
  ticketTypeId: string;
  name: string;
  unitMinor: number;
  quantity: number;
}

export interface OpenCheckoutInput {
  order: OrderRow;
  event: EventRow;
  lines: CheckoutLine[];
  /** The order's status page, which reads the real state. */
  orderUrl: string;
  /** Our route the provider sends the buyer back to; it calls completeReturn, then shows orderUrl. */
  returnUrl: string;
  /** Back to the event page, nothing charged. */
  cancelUrl: string;
  /** When the held places are released; the provider's checkout should not outlive it. */
  expiresAt: Date;
  /** The buyer's customer at the provider (when the gateway has `customers` and one could be made); otherwise the order's e-mail. */
  customerId?: string;
}
