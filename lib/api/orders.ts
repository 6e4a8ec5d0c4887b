// /api/v1 orders: read-only, filtered by event and status.
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { OrderRow } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/domain/errors";
import { orderSnapshot } from "@/lib/domain/registrations/snapshot";
import { requireId } from "./route";
import { afterCursor, cursorAt, decodeCursor, toPage } from "./pagination";
import type { ApiOrder, ListOrdersQuery, Page } from "./schemas";

export function toApiOrder(o: OrderRow): ApiOrder {
  return {
    ...orderSnapshot(o),
    eventId: o.event_id,
    refundedMinor: o.refunded_minor,
    paymentProvider: o.payment_provider,
    paidAt: o.paid_at?.toISOString() ?? null,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  };
}

export async function listOrders(db: Db, orgId: string, q: z.output<typeof ListOrdersQuery>): Promise<Page<ApiOrder>> {
  let query = db
    .selectFrom("orders")
    .selectAll("orders")
    .select(cursorAt("orders").as("cursor_at"))
    .where("orders.org_id", "=", orgId);
  if (q.eventId) query = query.where("orders.event_id", "=", q.eventId);
  if (q.status) query = query.where("orders.status", "=", q.status);
  if (q.cursor) query = query.where(afterCursor("orders", decodeCursor(q.cursor)));
  const rows = await query.orderBy("orders.created_at", "desc").orderBy("orders.id", "desc").limit(q.limit + 1).execute();
  return toPage(rows, q.limit, toApiOrder);
}

export async function getOrder(db: Db, orgId: string, orderId: string): Promise<ApiOrder> {
  requireId(orderId, "Order");
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).where("org_id", "=", orgId).executeTakeFirst();
  if (!order) throw new NotFoundError("Order");
  return toApiOrder(order);
}
