// Buyers as Stripe Customers of the organization's account: looked up by e-mail
// first, created otherwise. The idempotency key is the connection and the e-mail,
// so two checkouts racing for one new buyer get the same customer back from
// Stripe (within its 24-hour key window; after that the lookup finds it).
import { createHash } from "node:crypto";
import type { PaymentCustomers } from "../contract/payment-customers";
import { stripe } from "./client";
import { keyMode, type StripeContext } from "./manifest";

function customerKey(ctx: StripeContext, email: string): string {
  return `customer-${createHash("sha256").update(`${ctx.connection.id}\n${email}`).digest("hex").slice(0, 40)}`;
}

export const stripeCustomers: PaymentCustomers<StripeContext> = {
  async ensureCustomer(ctx, who) {
    // The list filter is exact (search is eventually consistent and could miss a customer made a second ago).
    const found = await ctx.call("customers.list", () => stripe(ctx).customers.list({ email: who.email, limit: 1 }));
    const existing = found.data[0];
    if (existing) return { customerId: existing.id, existed: true };
    const created = await ctx.call("customers.create", () =>
      stripe(ctx).customers.create(
        { email: who.email, name: who.name, metadata: { org_id: ctx.connection.orgId } },
        { idempotencyKey: customerKey(ctx, who.email) },
      ),
    );
    // Two first purchases racing both land here with one customer; lib/customers' unique row tells them apart.
    return { customerId: created.id, existed: false };
  },
  dashboardUrl(ctx, customerId) {
    const test = keyMode(ctx.credentials.secretKey) === "test" ? "test/" : "";
    return `https://dashboard.stripe.com/${test}customers/${encodeURIComponent(customerId)}`;
  },
};
