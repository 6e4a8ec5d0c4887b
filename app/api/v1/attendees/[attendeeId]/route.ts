// GET /api/v1/attendees/:attendeeId
import { db } from "@/lib/db/client";
import { getAttendee } from "@/lib/api/attendees";
import { apiGet } from "@/lib/api/route";

export const GET = apiGet<{ attendeeId: string }>((_req, api, { attendeeId }) => getAttendee(db(), api.orgId, attendeeId));
