// What Stripe's invoice callbacks mean for orders invoiced to a company.
import type Stripe from "stripe";
import { ignored, type Processed } from "../contract/inbound";
import type { StripeContext } from "./manifest";

export async function onInvoiceOrderEvent(event: Stripe.Event, _ctx: StripeContext): Promise<Processed> {
  return ignored(`${event.type}: invoiced orders are not handled yet`);
}
