// The on-page form: a PaymentIntent per order for the amount our server computed,
// confirmed in the browser by Stripe.js's Payment Element. Its payment_intent.*
// callbacks settle or release the order as Checkout's do (./process).
import type Stripe from "stripe";
import type { ClosedForm, EmbeddedForm, EmbeddedPayments } from "../contract/embedded-payments";
import { stripe } from "./client";
import type { StripeContext } from "./manifest";

/**
 * No Stripe host is reachable from a sandbox connection's browser, so the page
 * first loads the sandbox's stand-in for Stripe.js (sandbox/stripe/elements);
 * @stripe/stripe-js then finds window.Stripe and injects nothing.
 */
function scriptUrl(ctx: StripeContext): string | null {
  return ctx.connection.mode === "sandbox" ? new URL("stripe/elements/stripe.js", ctx.baseUrl).toString() : null;
}

function formOf(ctx: StripeContext, pi: Stripe.PaymentIntent): EmbeddedForm {
  if (!pi.client_secret) throw new Error(`Stripe returned PaymentIntent ${pi.id} without its client secret`);
  return { paymentId: pi.id, clientSecret: pi.client_secret, publishableKey: ctx.credentials.publishableKey, scriptUrl: scriptUrl(ctx) };
}

/** What a person can still pay through the form: not once it succeeded, was cancelled or is being processed. */
const PAYABLE: ReadonlySet<Stripe.PaymentIntent.Status> = new Set(["requires_payment_method", "requires_confirmation", "requires_action"]);

export const stripeEmbedded: EmbeddedPayments<StripeContext> = {
  chosen: (ctx) => ctx.settings.checkoutForm === "on_page",

  async openPaymentForm(ctx, { order, event, customerId }) {
    // The order is the idempotency key: a double submit, or the same order opened again, gets the same PaymentIntent.
    const pi = await ctx.call("paymentIntents.create", () =>
      stripe(ctx).paymentIntents.create(
        {
          amount: order.total_minor,
          currency: order.currency.trim().toLowerCase(),
          automatic_payment_methods: { enabled: true },
          description: event.title,
          receipt_email: order.buyer_email,
          metadata: { org_id: order.org_id, order_id: order.id, event_id: event.id },
          ...(customerId ? { customer: customerId } : {}),
        },
        { idempotencyKey: `payment-form-${order.id}` },
      ),
    );
    return formOf(ctx, pi);
  },

  async resumePaymentForm(ctx, paymentId) {
    const pi = await ctx.call("paymentIntents.retrieve", () => stripe(ctx).paymentIntents.retrieve(paymentId));
    return PAYABLE.has(pi.status) ? formOf(ctx, pi) : null;
  },

  async closePaymentForm(ctx, paymentId): Promise<ClosedForm> {
    const pi = await ctx.call("paymentIntents.retrieve", () => stripe(ctx).paymentIntents.retrieve(paymentId));
    if (pi.status === "succeeded") return "paid";
    if (pi.status === "canceled") return "closed";
    if (pi.status === "processing") return "processing";
    // Should the payment succeed in between, Stripe refuses the cancel; the job's retry then reads "succeeded".
    await ctx.call("paymentIntents.cancel", () => stripe(ctx).paymentIntents.cancel(paymentId, { cancellation_reason: "abandoned" }));
    return "closed";
  },
};
