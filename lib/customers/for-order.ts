// The buyer's provider customer for a checkout. Never in the way of a sale: if the
// provider cannot make the customer now, the checkout goes ahead with the e-mail
// alone and the next purchase tries again.
import type { Db } from "@/lib/db/client";
import type { OrderRow } from "@/lib/db/schema";
import type { ConnectorContext } from "@/lib/integrations/contract";
import type { PaymentCustomers } from "@/lib/integrations/contract/payment-customers";
import { log } from "@/lib/log";
import { ensurePaymentCustomer } from "./ensure";

/** The provider's customer id to open the order's checkout with, or undefined to use the e-mail. */
export async function customerForOrder(db: Db, customers: PaymentCustomers<ConnectorContext> | undefined, ctx: ConnectorContext, order: OrderRow): Promise<string | undefined> {
  if (!customers) return undefined;
  try {
    const row = order.payment_customer_id
      ? await db.selectFrom("payment_customers").selectAll().where("id", "=", order.payment_customer_id).executeTakeFirst()
      : await ensurePaymentCustomer(db, customers, ctx, { email: order.buyer_email, name: order.buyer_name });
    if (!row) return undefined;
    if (!order.payment_customer_id) await db.updateTable("orders").set({ payment_customer_id: row.id }).where("id", "=", order.id).execute();
    return row.provider_customer_id;
  } catch (err) {
    log.warn({ order: order.id, connection: ctx.connection.id, err: (err as Error).message }, "could not make the buyer a payment customer; checking out by e-mail");
    return undefined;
  }
}
