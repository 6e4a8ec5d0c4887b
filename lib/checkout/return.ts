// The buyer is back from the provider's page. Gateways that settle on return
// (capturing a payment the buyer approved) do it here; the order page then shows the
// real state. A failure here is not the buyer's problem to solve: the provider's
// callback settles the order too, and the page says "being confirmed" meanwhile.
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { orderGateway } from "./gateways";

export async function completeReturn(db: Db, slug: string, orderId: string, params: URLSearchParams): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) return false;
  const order = await db
    .selectFrom("orders")
    .innerJoin("events", "events.id", "orders.event_id")
    .selectAll("orders")
    .where("orders.id", "=", orderId)
    .where("events.slug", "=", slug)
    .executeTakeFirst();
  if (!order) return false;
  if (order.status !== "pending") return true;
  try {
    const { gateway, ctx } = await orderGateway(db, order);
    await gateway.payments.completeReturn?.(ctx, order, params);
  } catch (err) {
    log.warn({ order: order.id, err: (err as Error).message }, "could not complete the payment on return; the provider's callback will");
  }
  return true;
}
