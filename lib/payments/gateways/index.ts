// The one list of payment gateways. An organization sells paid tickets through
// every gateway it has connected and enabled; the attendee picks one.
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import { ConflictError } from "@/lib/domain/errors";
import { connectorContext } from "@/lib/integrations/connections/context";
import type { ConnectorContext } from "@/lib/integrations/contract";
import { appKeyring } from "@/lib/vault/app-keyring";
import { stripeGateway } from "../stripe/gateway";
import { payrexxGateway } from "../payrexx/gateway";
import { paypalGateway } from "../paypal/gateway";
import type { PaymentGateway } from "./types";

export const gateways: readonly PaymentGateway[] = [stripeGateway, payrexxGateway, paypalGateway];

export function findGateway(id: string | null | undefined): PaymentGateway | undefined {
  return gateways.find((g) => g.connector.id === id);
}

export interface GatewayChoice {
  id: string;
  label: string;
}

/** The gateways an organization can take payments through right now, in registry order. */
export async function availableGateways(db: Db, orgId: string): Promise<Array<GatewayChoice & { row: ConnectionRow }>> {
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("status", "=", "connected")
    .where(
      "connector_id",
      "in",
      gateways.map((g) => g.connector.id),
    )
    .where("credentials_sealed", "is not", null)
    .execute();
  return gateways.flatMap((g) => {
    const row = rows.find((r) => r.connector_id === g.connector.id);
    return row ? [{ id: g.connector.id, label: g.label, row }] : [];
  });
}

export async function gatewayContext(db: Db, gateway: PaymentGateway, row: ConnectionRow): Promise<ConnectorContext> {
  return connectorContext(db, appKeyring(), gateway.connector, row);
}

/** The gateway and context an existing order was paid through (refunds, returns). */
export async function orderGateway(db: Db, order: { org_id: string; payment_provider: string | null }): Promise<{ gateway: PaymentGateway; ctx: ConnectorContext }> {
  const gateway = findGateway(order.payment_provider);
  if (!gateway) throw new ConflictError("This order was not paid through a payment provider.");
  const row = await db
    .selectFrom("connections")
    .selectAll()
    .where("org_id", "=", order.org_id)
    .where("connector_id", "=", gateway.connector.id)
    .executeTakeFirst();
  if (!row?.credentials_sealed) throw new ConflictError(`${gateway.connector.name} is not connected, so this cannot be done here.`);
  return { gateway, ctx: await gatewayContext(db, gateway, row) };
}
