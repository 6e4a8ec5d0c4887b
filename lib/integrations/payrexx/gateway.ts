// Payrexx as a payment gateway: one Payrexx Gateway (a hosted payment page) per
// order, refunds by transaction; ./process and ./settle turn what Payrexx says into
// order changes.
import type { OpenCheckoutInput, PaymentGateway } from "../contract/payments";
import { createGateway, retrieveGateway, retrieveTransaction } from "./client";
import type { PayrexxContext } from "./manifest";
import { paidTransactionOf } from "./objects";
import { payrexxRefunds } from "./refund";
import { applyTransaction, orNotFound } from "./settle";
import type { ParamValue } from "./signing";

function splitName(name: string): { forename: string; surname: string } {
  const i = name.trim().lastIndexOf(" ");
  return i < 0 ? { forename: name.trim(), surname: "" } : { forename: name.slice(0, i).trim(), surname: name.slice(i + 1).trim() };
}

function gatewayParams({ order, event, lines, returnUrl, cancelUrl, expiresAt }: OpenCheckoutInput): Record<string, ParamValue> {
  const { forename, surname } = splitName(order.buyer_name);
  const basket = lines.map((l) => ({ name: `${event.title}: ${l.name}`, quantity: l.quantity, amount: l.unitMinor }));
  return {
    amount: order.total_minor,
    currency: order.currency.trim().toUpperCase(),
    purpose: event.title,
    // How the transaction finds its order again; Payrexx echoes it on the transaction and its invoice.
    referenceId: order.id,
    successRedirectUrl: returnUrl,
    failedRedirectUrl: cancelUrl,
    cancelRedirectUrl: cancelUrl,
    // In minutes, rounded down: the page closes before the hold on the places ends.
    validity: Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 60_000)),
    skipResultPage: true,
    // Payrexx wants the basket to add up to the amount exactly; without it the page shows the purpose alone.
    basket: basket.reduce((s, b) => s + b.amount * b.quantity, 0) === order.total_minor ? basket : undefined,
    fields: { email: { value: order.buyer_email }, forename: { value: forename }, surname: surname ? { value: surname } : undefined },
  };
}

export const payrexxGateway: PaymentGateway<PayrexxContext> = {
  label: "TWINT or card (Payrexx)",
  async openCheckout(ctx, input) {
    // Payrexx has no idempotency keys: a double submit finds the order's gateway and reuses it while it is open.
    if (input.order.checkout_id) {
      const existing = await orNotFound(() => retrieveGateway(ctx, input.order.checkout_id!));
      if (existing?.status === "waiting") return { checkoutId: String(existing.id), url: existing.link };
    }
    const gateway = await createGateway(ctx, gatewayParams(input));
    return { checkoutId: String(gateway.id), url: gateway.link };
  },
  async completeReturn(ctx, order) {
    // The buyer may be back before the webhook; Payrexx's own word on the gateway settles the order now.
    if (!order.checkout_id) return;
    const gateway = await orNotFound(() => retrieveGateway(ctx, order.checkout_id!));
    const paid = gateway && paidTransactionOf(gateway);
    if (paid) await applyTransaction(ctx, order, await retrieveTransaction(ctx, paid.id));
  },
  ...payrexxRefunds,
};
