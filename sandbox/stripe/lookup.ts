// Finding an object by id, as a key of one mode sees the account: an object of the
// other mode is "missing", with the hint Stripe gives about where it is.
import { missing, type StripeAnswer } from "./errors";
import { chargeView } from "./objects/charge";
import { customerView } from "./objects/customer";
import { catalogPriceView } from "./objects/price";
import { productView } from "./objects/product";
import { invoiceView } from "./objects/invoice";
import { invoiceItemView } from "./objects/invoice-item";
import { subscriptionView } from "./objects/subscription";
import { sessionView } from "./objects/checkout-session";
import { disputeView } from "./objects/dispute";
import { eventView } from "./objects/event";
import { paymentIntentView } from "./objects/payment-intent";
import { refundView } from "./objects/refund";
import { endpointView } from "./objects/webhook-endpoint";
import type { World } from "./world";

interface Kind {
  /** How Stripe names it in "No such …" messages. */
  name: string;
  get(w: World, id: string): { livemode: boolean } | undefined;
  view(w: World, id: string): Record<string, unknown>;
}

const KINDS: Record<string, Kind> = {
  cs: { name: "checkout.session", get: (w, id) => w.state.sessions.get(id), view: (w, id) => sessionView(w, w.state.sessions.get(id)!) },
  pi: { name: "payment_intent", get: (w, id) => w.state.paymentIntents.get(id), view: (w, id) => paymentIntentView(w, w.state.paymentIntents.get(id)!) },
  ch: { name: "charge", get: (w, id) => w.state.charges.get(id), view: (w, id) => chargeView(w, w.state.charges.get(id)!) },
  re: { name: "refund", get: (w, id) => w.state.refunds.get(id), view: (w, id) => refundView(w, w.state.refunds.get(id)!) },
  dp: { name: "dispute", get: (w, id) => w.state.disputes.get(id), view: (w, id) => disputeView(w, w.state.disputes.get(id)!) },
  we: { name: "webhook endpoint", get: (w, id) => w.state.endpoints.get(id), view: (w, id) => endpointView(w, w.state.endpoints.get(id)!) },
  cus: { name: "customer", get: (w, id) => w.state.billing.customers.get(id), view: (w, id) => customerView(w, w.state.billing.customers.get(id)!) },
  prod: { name: "product", get: (w, id) => w.state.billing.products.get(id), view: (w, id) => productView(w, w.state.billing.products.get(id)!) },
  price: { name: "price", get: (w, id) => w.state.billing.prices.get(id), view: (w, id) => catalogPriceView(w, w.state.billing.prices.get(id)!) },
  sub: { name: "subscription", get: (w, id) => w.state.billing.subscriptions.get(id), view: (w, id) => subscriptionView(w, w.state.billing.subscriptions.get(id)!) },
  in: { name: "invoice", get: (w, id) => w.state.billing.invoices.get(id), view: (w, id) => invoiceView(w, w.state.billing.invoices.get(id)!) },
  ii: { name: "invoiceitem", get: (w, id) => w.state.billing.invoiceItems.get(id), view: (w, id) => invoiceItemView(w, w.state.billing.invoiceItems.get(id)!) },
  evt: { name: "event", get: (w, id) => w.state.events.find((e) => e.id === id), view: (w, id) => eventView(w, w.state.events.find((e) => e.id === id)!) },
};

export type ObjectPrefix = keyof typeof KINDS;

function kindOf(id: string): Kind | undefined {
  return KINDS[id.split("_")[0] ?? ""];
}

/** The object's id if a key of this mode may see it, else Stripe's 404. */
export function visible(w: World, prefix: ObjectPrefix, id: string, livemode: boolean, param?: string): StripeAnswer | null {
  const kind = KINDS[prefix]!;
  const found = id.startsWith(`${prefix}_`) ? kind.get(w, id) : undefined;
  if (!found) return missing(kind.name, id, param);
  if (found.livemode !== livemode) return missing(kind.name, id, param, found.livemode ? "live" : "test");
  return null;
}

/** An id to expand into its object; undefined when it is not one the sandbox keeps or not of this mode. */
export function viewById(w: World, id: string, livemode: boolean): Record<string, unknown> | undefined {
  const kind = kindOf(id);
  const found = kind?.get(w, id);
  return kind && found && found.livemode === livemode ? kind.view(w, id) : undefined;
}
