// GET /api/v1/orders/:orderId
import { db } from "@/lib/db/client";
import { apiGet } from "@/lib/api/route";
import { getOrder } from "@/lib/api/orders";

export const GET = apiGet<{ orderId: string }>((_req, api, { orderId }) => getOrder(db(), api.orgId, orderId));
