// An on-page payment form: the provider's own browser script renders the card
// fields on our page and confirms the payment there (3-D Secure included). Our
// server creates the payment for the amount it computed; the provider's callback
// settles the order exactly as after a hosted checkout.
import type { OpenCheckoutInput } from "./payments";

export interface EmbeddedForm {
  /** The provider's payment id; stored as the order's checkout id. */
  paymentId: string;
  /** What the browser script needs to confirm this payment, and nothing else secret. */
  clientSecret: string;
  publishableKey: string;
}

export interface EmbeddedPayments<Ctx> {
  openPaymentForm(ctx: Ctx, input: OpenCheckoutInput & { customerId?: string }): Promise<EmbeddedForm>;
}
