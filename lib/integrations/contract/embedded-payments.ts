// An on-page payment form: the provider's own browser script renders the card
// fields on our page and confirms the payment there (3-D Secure included). Our
// server creates the payment for the amount it computed; the provider's callback
// settles the order exactly as after a hosted checkout.
import type { OpenCheckoutInput } from "./checkout-input";

export interface EmbeddedForm {
  /** The provider's payment id; stored as the order's checkout id. */
  paymentId: string;
  /** What the browser script needs to confirm this payment, and nothing else secret. */
  clientSecret: string;
  publishableKey: string;
  /**
   * Where the page loads the provider's browser script from when it is not the
   * provider's own (the sandbox's stand-in); null loads the real one.
   */
  scriptUrl: string | null;
}

/** What became of a payment form whose hold ran out. */
export type ClosedForm = "closed" | "paid" | "processing";

export interface EmbeddedPayments<Ctx> {
  /** Whether this connection's organizer chose the on-page form over the hosted checkout. */
  chosen(ctx: Ctx): boolean;
  openPaymentForm(ctx: Ctx, input: OpenCheckoutInput & { customerId?: string }): Promise<EmbeddedForm>;
  /** The form of a payment opened before, to show it again; null once it cannot be paid any more (paid or cancelled). */
  resumePaymentForm(ctx: Ctx, paymentId: string): Promise<EmbeddedForm | null>;
  /**
   * The order's hold ran out: cancel the payment so the form can no longer pay it.
   * "paid" when it went through first (its callback settles the order),
   * "processing" while the provider has not decided yet.
   */
  closePaymentForm(ctx: Ctx, paymentId: string): Promise<ClosedForm>;
}
