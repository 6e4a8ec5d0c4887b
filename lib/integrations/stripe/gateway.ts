// Stripe Checkout as a payment gateway: a hosted session per order, refunds by
// payment intent; the callbacks in ./process settle both.
import type { PaymentGateway } from "../contract/payments";
import { stripe } from "./client";
import { stripeEmbedded } from "./embedded";
import type { StripeContext } from "./manifest";
import { stripeRefunds } from "./refund";
import { stripeCustomers } from "./customers";
import { stripeInvoicing } from "./invoicing";
import { stripeMemberships } from "./memberships";

export const stripeGateway: PaymentGateway<StripeContext> = {
  label: "Card (Stripe)",
  async openCheckout(ctx, { order, event, lines, orderUrl, cancelUrl, expiresAt, customerId }) {
    // The idempotency key is the order: a double submit (same order) gets the same session back.
    const session = await ctx.call("checkout.sessions.create", () =>
      stripe(ctx).checkout.sessions.create(
        {
          mode: "payment",
          line_items: lines.map((l) => ({
            quantity: l.quantity,
            price_data: { currency: order.currency.trim().toLowerCase(), unit_amount: l.unitMinor, product_data: { name: `${event.title}: ${l.name}` } },
          })),
          ...(customerId ? { customer: customerId } : { customer_email: order.buyer_email }),
          client_reference_id: order.id,
          metadata: { org_id: order.org_id, order_id: order.id, event_id: event.id },
          payment_intent_data: { metadata: { org_id: order.org_id, order_id: order.id } },
          // Stripe's callback settles the order; the buyer lands straight on its status page.
          success_url: `${orderUrl}?session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: cancelUrl,
          expires_at: Math.floor(expiresAt.getTime() / 1000),
        },
        { idempotencyKey: `checkout-${order.id}` },
      ),
    );
    return { checkoutId: session.id, url: session.url! };
  },
  ...stripeRefunds,
  customers: stripeCustomers,
  invoicing: stripeInvoicing,
  memberships: stripeMemberships,
  embedded: stripeEmbedded,
};
