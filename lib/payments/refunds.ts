// An admin refunds a whole order or one ticket. The refund is asked of the
// order's gateway with an idempotency key; the order changes when the provider's
// callback confirms it, exactly as for a refund made in the provider's dashboard.
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { orderGateway } from "./gateways";

export async function requestRefund(db: Db, orgId: string, orderId: string, attendeeId?: string): Promise<{ amountMinor: number; provider: string }> {
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).where("org_id", "=", orgId).executeTakeFirst();
  if (!order) throw new NotFoundError("Order");
  if (order.status !== "paid") throw new ConflictError(`This order is ${order.status}; only paid orders can be refunded.`);
  if (!order.payment_intent_id) throw new ConflictError("This order has no payment to refund (it was free).");
  let amount = order.total_minor - order.refunded_minor;
  const attendeeIds: string[] = [];
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
    attendeeIds.push(attendee.id);
  }
  if (amount <= 0) throw new ConflictError("Nothing is left to refund on this order.");
  const { gateway, ctx } = await orderGateway(db, order);
  await gateway.refund(ctx, {
    order,
    amountMinor: amount,
    attendeeIds,
    idempotencyKey: `refund-${order.id}-${attendeeIds.join(",") || "order"}-${order.refunded_minor}`,
  });
  return { amountMinor: amount, provider: gateway.connector.name };
}
