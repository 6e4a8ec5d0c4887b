// What Stripe's subscription callbacks, and the invoices of subscriptions, mean for memberships.
import type Stripe from "stripe";
import { ignored, type Processed } from "../contract/inbound";
import type { StripeContext } from "./manifest";

export async function onMembershipEvent(event: Stripe.Event, _ctx: StripeContext): Promise<Processed> {
  return ignored(`${event.type}: memberships are not handled yet`);
}
