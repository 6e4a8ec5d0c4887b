// GET /api/v1/events/:eventId/ticket-types (list) · POST (create)
import { db } from "@/lib/db/client";
import { apiCreate, apiGet, parseQuery } from "@/lib/api/route";
import { ListTicketTypesQuery } from "@/lib/api/schemas";
import { createTicketType, listTicketTypes } from "@/lib/api/ticket-types";

export const GET = apiGet<{ eventId: string }>((req, api, { eventId }) =>
  listTicketTypes(db(), api.orgId, eventId, parseQuery(req, ListTicketTypesQuery)),
);
export const POST = apiCreate<{ eventId: string }>((body, api, { eventId }) => createTicketType(db(), api.orgId, eventId, body));
