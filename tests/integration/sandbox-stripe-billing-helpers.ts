// Shared by the sandbox's Stripe Billing tests: a monthly plan, a member subscribing
// to it on the hosted Checkout page, and the clock control.
import type Stripe from "stripe";
import type { Sandbox } from "../../sandbox/server";
import { control } from "../sandbox/helpers";
import { CARD, openCheckout, submitCheckout } from "../sandbox/stripe-helpers";

export async function monthlyPlan(stripe: Stripe, unitAmount = 2500): Promise<Stripe.Price> {
  const product = await stripe.products.create({ name: "Friends of the festival", metadata: { plan: "friends" } });
  return stripe.prices.create({ product: product.id, currency: "chf", unit_amount: unitAmount, recurring: { interval: "month" }, metadata: { plan: "friends" } });
}

/** Checkout in subscription mode, paid on the hosted page with the given card; the session as it ends. */
export async function subscribe(stripe: Stripe, price: string, params: Partial<Stripe.Checkout.SessionCreateParams> = {}, card = "4242 4242 4242 4242"): Promise<{ session: Stripe.Checkout.Session; status: number }> {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price, quantity: 1 }],
    success_url: "http://localhost:3000/members/welcome?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost:3000/members",
    subscription_data: { metadata: { membership_id: "mem_1" } },
    ...(params.customer ? {} : { customer_email: "mia@example.com" }),
    ...params,
  });
  const res = await submitCheckout(await openCheckout(session.url!), { "Card number": card, ...CARD }, "Pay");
  return { session: await stripe.checkout.sessions.retrieve(session.id), status: res.status };
}

export function clock(sb: Sandbox, subscription: string, action: string, extra: Record<string, unknown> = {}) {
  return control<{ outcome?: string; error?: string; subscription?: Stripe.Subscription; latest_invoice?: Stripe.Invoice }>(sb, "POST", "stripe/subscription-clock", { subscription, action, ...extra });
}

export const rejection = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a failure")), (e: unknown) => e as Stripe.errors.StripeError);

/** Types of the stored events about an object, oldest first, as GET /v1/events keeps them. */
export async function storedTypes(stripe: Stripe, id: string, prefix = ""): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100 });
  return events.data
    .filter((e) => {
      const o = e.data.object as unknown as Record<string, unknown>;
      const parent = o.parent as { subscription_details?: { subscription?: string } } | null | undefined;
      return (o.id === id || parent?.subscription_details?.subscription === id || o.customer === id) && e.type.startsWith(prefix);
    })
    .reverse()
    .map((e) => e.type);
}
