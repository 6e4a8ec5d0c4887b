// GET /api/v1/events/:eventId/attendees
import { db } from "@/lib/db/client";
import { listEventAttendees } from "@/lib/api/attendees";
import { apiGet, parseQuery } from "@/lib/api/route";
import { ListEventAttendeesQuery } from "@/lib/api/schemas";

export const GET = apiGet<{ eventId: string }>((req, api, { eventId }) =>
  listEventAttendees(db(), api.orgId, eventId, parseQuery(req, ListEventAttendeesQuery)),
);
