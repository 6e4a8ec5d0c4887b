// The payments capability: what a payment provider does for Switchboard, whichever
// it is: open a hosted checkout for one pending order, finish it when the buyer
// comes back (where the provider needs that), and refund. What its callbacks mean is
// its inbound capability. Orders, holds, tickets and refund claims are shared
// (lib/payments); only these steps differ.
import type { OrderRow } from "@/lib/db/schema";
import type { GatewayRefunds } from "@/lib/payments/gateway-refunds";
import type { PaymentCustomers } from "./payment-customers";
import type { EmbeddedPayments } from "./embedded-payments";
import type { MembershipBilling } from "./membership-billing";
import type { Invoicing } from "./invoicing";
import type { OpenCheckoutInput } from "./checkout-input";

// Declared apart so the capabilities hung on the gateway below can use them without importing this file back.
export type { CheckoutLine, OpenCheckoutInput } from "./checkout-input";

/** Its refund part (GatewayRefunds) is declared in lib/payments, whose refund rules send claimed refunds through it. */
export interface PaymentGateway<Ctx> extends GatewayRefunds<Ctx> {
  /** What the attendee picks at checkout ("Card", "TWINT or card"). */
  label: string;
  openCheckout(ctx: Ctx, input: OpenCheckoutInput): Promise<{ checkoutId: string; url: string }>;
  /**
   * The buyer is back from the provider's page with its query parameters. A
   * provider whose buyer only approves on its page captures the payment here; one
   * whose callback settles the order needs nothing. Must be idempotent: a reload
   * or the provider's callback may do the same.
   */
  completeReturn?(ctx: Ctx, order: OrderRow, params: URLSearchParams): Promise<void>;
  /** The provider keeps a customer record per buyer, reused on later purchases. */
  customers?: PaymentCustomers<Ctx>;
  /** An on-page payment form beside the hosted checkout. */
  embedded?: EmbeddedPayments<Ctx>;
  /** Recurring memberships billed by the provider. */
  memberships?: MembershipBilling<Ctx>;
  /** Invoices sent to a company for a group of tickets, paid later. */
  invoicing?: Invoicing<Ctx>;
}

