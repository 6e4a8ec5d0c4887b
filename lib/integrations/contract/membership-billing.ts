// Memberships billed by the provider: a plan is a recurring price there, a
// membership is a subscription. The generic side (lib/memberships) owns plans,
// memberships and what they grant; the provider creates prices, opens the
// subscription checkout and the customer portal, and its callbacks report state.
export interface PlanToBill {
  planId: string;
  name: string;
  interval: "month" | "year";
  priceMinor: number;
  currency: string;
}

export interface MembershipBilling<Ctx> {
  /** Creates (or, for a changed price, replaces) the plan's recurring price; returns the provider's ids. */
  syncPlan(ctx: Ctx, plan: PlanToBill, current: { productId: string | null; priceId: string | null }): Promise<{ productId: string; priceId: string }>;
  /** A hosted checkout in subscription mode for one person and plan. */
  openSubscriptionCheckout(
    ctx: Ctx,
    input: { plan: PlanToBill; priceId: string; customerId: string; membershipId: string; successUrl: string; cancelUrl: string },
  ): Promise<{ checkoutId: string; url: string }>;
  /**
   * The buyer is back from the subscription checkout: read it now and, once it is
   * complete, apply its subscription as its callback would (the browser can come
   * back before the callback does). "open" while it is not paid yet.
   */
  confirmSubscriptionCheckout(ctx: Ctx, checkoutId: string): Promise<"complete" | "open" | "expired">;
  /** The provider's self-service page where a member manages the card or cancels. */
  portalUrl(ctx: Ctx, customerId: string, returnUrl: string): Promise<string>;
}
