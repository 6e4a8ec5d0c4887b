// PATCH /api/v1/events/:eventId/ticket-types/:ticketTypeId
import { db } from "@/lib/db/client";
import { apiAction } from "@/lib/api/route";
import { patchTicketType } from "@/lib/api/ticket-types";

export const PATCH = apiAction<{ eventId: string; ticketTypeId: string }>((body, api, { eventId, ticketTypeId }) =>
  patchTicketType(db(), api.orgId, eventId, ticketTypeId, body),
);
