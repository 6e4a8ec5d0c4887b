// Buying paid tickets: hold the places in a pending order, then open a Stripe
// Checkout Session for exactly that order. The provider call happens after the
// order's transaction, so no lock is held while Stripe answers.
import type { Db } from "@/lib/db/client";
import { appUrl } from "@/lib/config";
import { ConflictError } from "@/lib/domain/errors";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { cancelPendingOrder } from "@/lib/domain/orders/settle";
import { connectorContext } from "@/lib/integrations/connections/context";
import { ProviderCallError } from "@/lib/integrations/contract";
import { appKeyring } from "@/lib/integrations/keyring";
import { stripe, stripeConnector, type StripeContext } from "@/lib/integrations/stripe/connector";
import { log } from "@/lib/log";

export function orderPageUrl(slug: string, orderId: string): string {
  return `${appUrl()}/e/${slug}/orders/${orderId}`;
}

async function stripeFor(db: Db, slug: string): Promise<StripeContext> {
  const row = await db
    .selectFrom("connections")
    .innerJoin("events", "events.org_id", "connections.org_id")
    .selectAll("connections")
    .where("events.slug", "=", slug)
    .where("connections.connector_id", "=", "stripe")
    .where("connections.status", "=", "connected")
    .executeTakeFirst();
  if (!row) throw new ConflictError("The organizer has not set up payments yet, so paid tickets cannot be bought right now.");
  return (await connectorContext(db, appKeyring(), stripeConnector, row)) as StripeContext;
}

export async function startCheckout(db: Db, slug: string, input: unknown): Promise<{ url: string; orderId: string }> {
  const ctx = await stripeFor(db, slug);
  const pending = await createPendingOrder(db, slug, input, "stripe");
  const { order, event, lines } = pending;
  if (pending.existing) {
    if (order.status === "paid") return { url: orderPageUrl(slug, order.id), orderId: order.id };
    if (order.status !== "pending") throw new ConflictError("This checkout has ended. Reload the page to start again.");
  }
  try {
    // The idempotency key is the order: a double submit (same order) gets the same session back.
    const session = await ctx.call("checkout.sessions.create", () =>
      stripe(ctx).checkout.sessions.create(
        {
          mode: "payment",
          line_items: lines.map((l) => ({
            quantity: l.quantity,
            price_data: { currency: order.currency.trim().toLowerCase(), unit_amount: l.unitMinor, product_data: { name: `${event.title}: ${l.name}` } },
          })),
          customer_email: order.buyer_email,
          client_reference_id: order.id,
          metadata: { org_id: order.org_id, order_id: order.id, event_id: event.id },
          payment_intent_data: { metadata: { org_id: order.org_id, order_id: order.id } },
          success_url: `${orderPageUrl(slug, order.id)}?session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: `${appUrl()}/e/${slug}?checkout=cancelled`,
          expires_at: Math.floor(order.hold_expires_at!.getTime() / 1000),
        },
        { idempotencyKey: `checkout-${order.id}` },
      ),
    );
    await db.updateTable("orders").set({ checkout_id: session.id, updated_at: new Date() }).where("id", "=", order.id).execute();
    return { url: session.url!, orderId: order.id };
  } catch (err) {
    log.warn({ order: order.id, err: (err as Error).message }, "could not open a checkout session");
    if (!pending.existing) await cancelPendingOrder(db, order.id);
    const detail = err instanceof ProviderCallError ? err.failure.message : "unexpected error";
    throw new ConflictError(`Payment could not be started (${detail}). Nothing was charged; try again in a moment.`);
  }
}
