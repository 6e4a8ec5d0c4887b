// GET /api/v1/orders (list; ?eventId= and ?status= filter)
import { db } from "@/lib/db/client";
import { apiGet, parseQuery } from "@/lib/api/route";
import { listOrders } from "@/lib/api/orders";
import { ListOrdersQuery } from "@/lib/api/schemas";

export const GET = apiGet((req, api) => listOrders(db(), api.orgId, parseQuery(req, ListOrdersQuery)));
