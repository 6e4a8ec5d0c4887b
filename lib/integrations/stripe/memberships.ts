// Memberships billed by Stripe: a plan is a Product with one active recurring
// Price (prices are immutable, so a new amount is a new Price and the old one is
// archived; subscriptions on it keep it), a membership is a Subscription opened
// through Checkout in subscription mode, and members manage their card or cancel
// in Stripe's customer portal.
import type Stripe from "stripe";
import type { MembershipBilling, PlanToBill } from "../contract/membership-billing";
import { stripe } from "./client";
import { confirmSubscriptionCheckout } from "./membership-events";
import type { StripeContext } from "./manifest";

function samePrice(price: Stripe.Price, plan: PlanToBill): boolean {
  return price.active && price.unit_amount === plan.priceMinor && price.currency === plan.currency.toLowerCase() && price.recurring?.interval === plan.interval;
}

export const stripeMemberships: MembershipBilling<StripeContext> = {
  async syncPlan(ctx, plan, current) {
    const productId = current.productId
      ? (await ctx.call("products.update", () => stripe(ctx).products.update(current.productId!, { name: plan.name }))).id
      : (
          await ctx.call("products.create", () =>
            stripe(ctx).products.create({ name: plan.name, metadata: { org_id: ctx.connection.orgId, plan_id: plan.planId } }, { idempotencyKey: `plan-product-${plan.planId}` }),
          )
        ).id;
    const old = current.priceId ? await ctx.call("prices.retrieve", () => stripe(ctx).prices.retrieve(current.priceId!)) : null;
    if (old && old.product === productId && samePrice(old, plan)) return { productId, priceId: old.id };
    // Keyed by what it replaces and what it is: a retried save gets the same price back.
    const key = `plan-price-${plan.planId}-${current.priceId ?? "first"}-${plan.interval}-${plan.currency.toLowerCase()}-${plan.priceMinor}`;
    const price = await ctx.call("prices.create", () =>
      stripe(ctx).prices.create(
        {
          product: productId,
          currency: plan.currency.toLowerCase(),
          unit_amount: plan.priceMinor,
          recurring: { interval: plan.interval },
          metadata: { org_id: ctx.connection.orgId, plan_id: plan.planId },
        },
        { idempotencyKey: key },
      ),
    );
    if (old?.active) await ctx.call("prices.update", () => stripe(ctx).prices.update(old.id, { active: false }));
    return { productId, priceId: price.id };
  },

  async openSubscriptionCheckout(ctx, { plan, priceId, customerId, membershipId, successUrl, cancelUrl }) {
    const metadata = { org_id: ctx.connection.orgId, membership_id: membershipId, plan_id: plan.planId };
    const session = await ctx.call("checkout.sessions.create", () =>
      stripe(ctx).checkout.sessions.create(
        {
          mode: "subscription",
          customer: customerId,
          line_items: [{ price: priceId, quantity: 1 }],
          client_reference_id: membershipId,
          metadata,
          // The subscription names our membership, so its callbacks find it before we know its id.
          subscription_data: { metadata },
          success_url: successUrl,
          cancel_url: cancelUrl,
        },
        { idempotencyKey: `membership-checkout-${membershipId}` },
      ),
    );
    return { checkoutId: session.id, url: session.url! };
  },

  confirmSubscriptionCheckout,

  async portalUrl(ctx, customerId, returnUrl) {
    const session = await ctx.call("billingPortal.sessions.create", () => stripe(ctx).billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }));
    return session.url;
  },
};
