// Which of our orders a PayPal object is about: only ever one of this connection's
// organization, paid through PayPal, and (once it has one) with this PayPal order.
import type { OrderRow } from "@/lib/db/schema";
import type { PayPalContext } from "./manifest";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function orderFor(ctx: PayPalContext, ref: { orderId?: string | null; paypalOrderId?: string | null; captureId?: string | null }): Promise<OrderRow | undefined> {
  let q = ctx.db.selectFrom("orders").selectAll().where("org_id", "=", ctx.connection.orgId).where("payment_provider", "=", "paypal");
  if (ref.orderId && UUID.test(ref.orderId)) q = q.where("id", "=", ref.orderId);
  else if (ref.paypalOrderId) q = q.where("checkout_id", "=", ref.paypalOrderId);
  else if (ref.captureId) q = q.where("payment_intent_id", "=", ref.captureId);
  else return undefined;
  // custom_id names our order; whether the PayPal order is the one its checkout opened is checked where it is acted on.
  return q.executeTakeFirst();
}

export const isUuid = (s: string) => UUID.test(s);
