// POST /api/v1/attendees/:attendeeId/check-in
import { db } from "@/lib/db/client";
import { checkInAttendee } from "@/lib/api/attendees";
import { apiCommand } from "@/lib/api/route";

export const POST = apiCommand<{ attendeeId: string }>((body, api, { attendeeId }) => checkInAttendee(db(), api.orgId, attendeeId, body));
