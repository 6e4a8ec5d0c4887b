// The payment gateways: every connector of the registry that has the payments
// capability, in registry order. An organization sells paid tickets through every
// gateway it has connected and enabled; the attendee picks one.
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import { ConflictError } from "@/lib/domain/errors";
import { connectorContext } from "@/lib/integrations/connections/context";
import type { Connector, ConnectorContext } from "@/lib/integrations/contract";
import type { PaymentGateway } from "@/lib/integrations/contract/payments";
import { appKeyring } from "@/lib/vault/app-keyring";
import { loadConnectors } from "@/lib/integrations/registry";

/** A connector that takes payments. */
export type PaymentConnector = Connector & { payments: PaymentGateway<ConnectorContext> };

/** The one place payments read the registry. */
export async function paymentConnectors(): Promise<PaymentConnector[]> {
  return (await loadConnectors()).filter((c): c is PaymentConnector => c.payments !== undefined);
}

export async function findGateway(id: string | null | undefined): Promise<PaymentConnector | undefined> {
  return (await paymentConnectors()).find((c) => c.id === id);
}

export interface GatewayChoice {
  id: string;
  label: string;
}

/** The gateways an organization can take payments through right now, in registry order. */
export async function availableGateways(db: Db, orgId: string): Promise<Array<GatewayChoice & { gateway: PaymentConnector; row: ConnectionRow }>> {
  const gateways = await paymentConnectors();
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("status", "=", "connected")
    .where(
      "connector_id",
      "in",
      gateways.map((g) => g.id),
    )
    .where("credentials_sealed", "is not", null)
    .execute();
  return gateways.flatMap((g) => {
    const row = rows.find((r) => r.connector_id === g.id);
    return row ? [{ id: g.id, label: g.payments.label, gateway: g, row }] : [];
  });
}

export async function gatewayContext(db: Db, gateway: PaymentConnector, row: ConnectionRow): Promise<ConnectorContext> {
  return connectorContext(db, appKeyring(), gateway, row);
}

/** The gateway and context an existing order was paid through (refunds, returns). */
export async function orderGateway(db: Db, order: { org_id: string; payment_provider: string | null }): Promise<{ gateway: PaymentConnector; ctx: ConnectorContext }> {
  const gateway = await findGateway(order.payment_provider);
  if (!gateway) throw new ConflictError("This order was not paid through a payment provider.");
  const row = await db
    .selectFrom("connections")
    .selectAll()
    .where("org_id", "=", order.org_id)
    .where("connector_id", "=", gateway.id)
    .executeTakeFirst();
  if (!row?.credentials_sealed) throw new ConflictError(`${gateway.name} is not connected, so this cannot be done here.`);
  return { gateway, ctx: await gatewayContext(db, gateway, row) };
}
