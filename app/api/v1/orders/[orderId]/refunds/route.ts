// POST /api/v1/orders/:orderId/refunds — a ticket, or the rest of the order
import { db } from "@/lib/db/client";
import { createRefund } from "@/lib/api/refunds";
import { apiCommand } from "@/lib/api/route";

// 202: the provider has the refund; the order changes when it confirms.
export const POST = apiCommand<{ orderId: string }>((body, api, { orderId }) => createRefund(db(), api.orgId, orderId, body), 202);
