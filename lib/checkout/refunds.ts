// An admin refunds a whole order or one ticket. The refund is claimed first (one
// claim per ticket or per order, see lib/payments/refund-claims), then asked of the order's
// gateway with the claim's idempotency key; the order changes when the provider's
// callback confirms it, exactly as for a refund made in the provider's dashboard.
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { activeClaims, claimRefund, holds, WHOLE_ORDER, type ClaimWanted, type RefundClaim } from "@/lib/payments/refund-claims";
import { sendClaimedRefund } from "@/lib/payments/send-refund";
import { findGateway, orderGateway } from "./gateways";

export interface RefundAnswer {
  amountMinor: number;
  provider: string;
  /** Set when nothing was asked of the provider because this refund had been asked for before. */
  alreadyRequested?: string;
}

function alreadyText(claim: RefundClaim, provider: string): string {
  const what = claim.scope === WHOLE_ORDER ? "this order" : "this ticket";
  const when = claim.created_at.toISOString().slice(0, 16).replace("T", " ");
  const state =
    claim.status === "requested"
      ? `${provider} has it; the ticket shows refunded once ${provider} confirms.`
      : `it is being sent to ${provider} right now; if it does not go through, you can ask again in a few minutes.`;
  return `A refund for ${what} was already requested (${when} UTC): ${state}`;
}

export async function requestRefund(db: Db, orgId: string, orderId: string, attendeeId?: string): Promise<RefundAnswer> {
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).where("org_id", "=", orgId).executeTakeFirst();
  if (!order) throw new NotFoundError("Order");
  const provider = (await findGateway(order.payment_provider))?.name ?? "the payment provider";
  // A refund asked for before answers first, whatever has happened to the order since.
  const claims = await activeClaims(db, order.id);
  const earlier = claims.filter(holds).find((c) => c.scope === WHOLE_ORDER || c.scope === attendeeId);
  if (earlier) return { amountMinor: earlier.amount_minor, provider, alreadyRequested: alreadyText(earlier, provider) };

  if (order.status !== "paid") throw new ConflictError(`This order is ${order.status}; only paid orders can be refunded.`);
  if (!order.payment_intent_id) throw new ConflictError("This order has no payment to refund (it was free).");
  // Tickets asked for but not confirmed yet are not in refunded_minor (a claim being retried is not "other").
  const claimedTotal = claims.filter((c) => c.scope !== WHOLE_ORDER).reduce((n, c) => n + c.amount_minor, 0);
  let amount = order.total_minor - Math.max(order.refunded_minor, claimedTotal);
  const wanted: ClaimWanted = { orgId, orderId: order.id, scope: WHOLE_ORDER, attendeeIds: [], amountMinor: 0 };
  if (attendeeId) {
    const attendee = await db
      .selectFrom("attendees")
      .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
      // What this ticket cost its buyer (a member paid less); older rows did not record it and paid the type's price.
      .select((eb) => ["attendees.id", "attendees.status", eb.fn.coalesce("attendees.price_paid_minor", "ticket_types.price_minor").as("price_minor")])
      .where("attendees.id", "=", attendeeId)
      .where("attendees.order_id", "=", orderId)
      .executeTakeFirst();
    if (!attendee) throw new NotFoundError("Ticket");
    if (attendee.status !== "paid") throw new ConflictError(`This ticket is ${attendee.status}; it cannot be refunded.`);
    amount = Math.min(attendee.price_minor, order.total_minor - order.refunded_minor);
    Object.assign(wanted, { scope: attendee.id, attendeeIds: [attendee.id] });
  }
  if (amount <= 0) throw new ConflictError("Nothing is left to refund on this order.");

  const { gateway, ctx } = await orderGateway(db, order);
  const claimed = await claimRefund(db, { ...wanted, amountMinor: amount });
  if ("already" in claimed) return { amountMinor: claimed.already.amount_minor, provider, alreadyRequested: alreadyText(claimed.already, provider) };
  await sendClaimedRefund(db, gateway.payments, ctx, order, claimed.claim);
  return { amountMinor: claimed.claim.amount_minor, provider };
}
