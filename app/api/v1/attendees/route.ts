// GET /api/v1/attendees (list; ?eventId=, ?orderId= and ?status= filter)
import { db } from "@/lib/db/client";
import { listAttendees } from "@/lib/api/attendees";
import { apiGet, parseQuery } from "@/lib/api/route";
import { ListAttendeesQuery } from "@/lib/api/schemas";

export const GET = apiGet((req, api) => listAttendees(db(), api.orgId, parseQuery(req, ListAttendeesQuery)));
