// An admin refunds a whole order or one ticket. The refund is asked of Stripe
// with an idempotency key; the order changes when Stripe's charge.refunded
// callback confirms it, exactly as for a refund made in Stripe's dashboard.
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { appKeyring } from "@/lib/integrations/keyring";
import { stripe, stripeConnector, type StripeContext } from "@/lib/integrations/stripe/connector";

export async function requestRefund(db: Db, orgId: string, orderId: string, attendeeId?: string): Promise<{ amountMinor: number }> {
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).where("org_id", "=", orgId).executeTakeFirst();
  if (!order) throw new NotFoundError("Order");
  if (order.status !== "paid") throw new ConflictError(`This order is ${order.status}; only paid orders can be refunded.`);
  if (!order.payment_intent_id) throw new ConflictError("This order has no payment to refund (it was free).");
  let amount = order.total_minor - order.refunded_minor;
  let attendeeIds = "";
  if (attendeeId) {
    const attendee = await db
      .selectFrom("attendees")
      .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
      .select(["attendees.id", "attendees.status", "ticket_types.price_minor"])
      .where("attendees.id", "=", attendeeId)
      .where("attendees.order_id", "=", orderId)
      .executeTakeFirst();
    if (!attendee) throw new NotFoundError("Ticket");
    if (attendee.status !== "paid") throw new ConflictError(`This ticket is ${attendee.status}; it cannot be refunded.`);
    amount = Math.min(attendee.price_minor, amount);
    attendeeIds = attendee.id;
  }
  if (amount <= 0) throw new ConflictError("Nothing is left to refund on this order.");
  const row = await findConnection(db, orgId, "stripe");
  if (!row?.credentials_sealed) throw new ConflictError("Stripe is not connected, so the refund cannot be made here.");
  const ctx = (await connectorContext(db, appKeyring(), stripeConnector, row)) as StripeContext;
  await ctx.call("refunds.create", () =>
    stripe(ctx).refunds.create(
      { payment_intent: order.payment_intent_id!, amount, metadata: { order_id: order.id, attendee_ids: attendeeIds } },
      { idempotencyKey: `refund-${order.id}-${attendeeIds || "order"}-${order.refunded_minor}` },
    ),
  );
  return { amountMinor: amount };
}
