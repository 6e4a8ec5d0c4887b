// Where an admin sees a buyer in the payment provider's dashboard (test or live), by the buyer's customer record.
import type { Db } from "@/lib/db/client";
import { findGateway, gatewayContext } from "./gateways";

/** One link per customer record the page shows; a customer whose connection is gone has none. */
export async function customerDashboardLinks(db: Db, orgId: string, paymentCustomerIds: Array<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set(paymentCustomerIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("payment_customers")
    .innerJoin("connections", "connections.id", "payment_customers.connection_id")
    .selectAll("connections")
    .select(["payment_customers.id as customer_row_id", "payment_customers.provider_customer_id"])
    .where("payment_customers.org_id", "=", orgId)
    .where("payment_customers.id", "in", ids)
    .execute();
  const links = new Map<string, string>();
  const contexts = new Map<string, Awaited<ReturnType<typeof gatewayContext>>>();
  for (const row of rows) {
    const gateway = await findGateway(row.connector_id);
    if (!gateway?.payments.customers || !row.credentials_sealed) continue;
    const ctx = contexts.get(row.id) ?? (await gatewayContext(db, gateway, row));
    contexts.set(row.id, ctx);
    links.set(row.customer_row_id, gateway.payments.customers.dashboardUrl(ctx, row.provider_customer_id));
  }
  return links;
}
