// A buyer as the payment provider's customer, made once per connection and e-mail
// and reused on every later purchase or membership. The row's unique key
// (connection, e-mail) decides between two concurrent first purchases; the
// provider's idempotency makes both get the same customer there too.
import type { Db } from "@/lib/db/client";
import type { PaymentCustomerRow } from "@/lib/db/schema";
import type { ConnectorContext } from "@/lib/integrations/contract";
import type { PaymentCustomers } from "@/lib/integrations/contract/payment-customers";
import { normalizeEmail } from "@/lib/email/suppressions";

export interface Buyer {
  email: string;
  name: string;
}

async function stored(db: Db, connectionId: string, email: string): Promise<PaymentCustomerRow | undefined> {
  return db.selectFrom("payment_customers").selectAll().where("connection_id", "=", connectionId).where("email", "=", email).executeTakeFirst();
}

/**
 * `known`: the customer existed before this call (here, at the provider, or made by a
 * concurrent call), so it may hold someone else's purchases: whoever typed the e-mail
 * has not shown it is theirs.
 */
export type EnsuredCustomer = PaymentCustomerRow & { known: boolean };

/** Reads the buyer's customer, or asks the provider for one and keeps it. Throws what the provider call throws. */
export async function ensurePaymentCustomer(db: Db, customers: PaymentCustomers<ConnectorContext>, ctx: ConnectorContext, who: Buyer): Promise<EnsuredCustomer> {
  const email = normalizeEmail(who.email);
  const row = await stored(db, ctx.connection.id, email);
  if (row) return { ...row, known: true };
  const { customerId, existed } = await customers.ensureCustomer(ctx, { email, name: who.name.trim() });
  const inserted = await db
    .insertInto("payment_customers")
    .values({ org_id: ctx.connection.orgId, connection_id: ctx.connection.id, email, provider_customer_id: customerId })
    .onConflict((oc) => oc.columns(["connection_id", "email"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return { ...(await stored(db, ctx.connection.id, email))!, known: existed || !inserted };
}
