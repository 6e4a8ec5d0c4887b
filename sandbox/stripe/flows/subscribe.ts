// What the hosted Checkout page does in subscription mode when the buyer pays: the
// customer (made if the session named none), the card saved on it, the subscription
// and its first invoice paid, then checkout.session.completed.
import type { StripeSession } from "../state";
import { stripeId } from "../ids";
import { sessionView } from "../objects/checkout-session";
import { emit, NO_REQUEST } from "../webhooks/emit";
import type { World } from "../world";
import { knownEmail, sessionCustomer } from "./customer";
import type { CardPayment } from "./pay";
import { startSubscription } from "./subscription";

/** The browser, not an API key, drives this: events carry no request id. */
const cause = NO_REQUEST;

/** price_data makes a Price (and a Product) Stripe keeps, inactive, for the subscription to bill. */
function materializePrices(w: World, session: StripeSession): void {
  for (const li of session.lineItems) {
    if (w.state.billing.prices.has(li.priceId)) continue;
    if (!w.state.billing.products.has(li.productId)) {
      w.state.billing.products.set(li.productId, {
        id: li.productId,
        livemode: session.livemode,
        created: session.created,
        updated: session.created,
        name: li.name,
        description: li.description,
        active: true,
        metadata: { ...li.productMetadata },
        defaultPriceId: null,
      });
    }
    w.state.billing.prices.set(li.priceId, {
      id: li.priceId,
      livemode: session.livemode,
      created: session.created,
      productId: li.productId,
      currency: li.currency,
      unitAmount: li.unitAmount,
      recurring: li.recurring,
      active: false,
      nickname: null,
      lookupKey: null,
      metadata: {},
    });
  }
}

export function subscribeWithCard(w: World, session: StripeSession, payment: CardPayment): { paid: boolean; message: string | null } {
  // Checkout refuses a declined card before it makes anything; the buyer tries another.
  if (payment.decline) return { paid: false, message: payment.decline.message };
  const email = payment.email ?? knownEmail(w, session);
  const customer = sessionCustomer(w, session, { email, name: payment.name }, cause)!;
  const paymentMethodId = stripeId("pm");
  customer.defaultCard = { paymentMethodId, card: payment.card, name: payment.name, decline: null };
  materializePrices(w, session);
  const { sub, invoice } = startSubscription(
    w,
    {
      livemode: session.livemode,
      customerId: customer.id,
      currency: session.currency,
      items: session.lineItems.map((li) => ({ priceId: li.priceId, quantity: li.quantity })),
      metadata: session.subscriptionData.metadata,
      description: session.subscriptionData.description,
      defaultPaymentMethodId: paymentMethodId,
    },
    cause,
  );
  session.status = "complete";
  session.paymentStatus = invoice.status === "paid" ? "paid" : "unpaid";
  session.subscriptionId = sub.id;
  session.invoiceId = invoice.id;
  session.customerDetails = { email, name: payment.name };
  emit(w, "checkout.session.completed", sessionView(w, session), cause);
  return { paid: true, message: null };
}
