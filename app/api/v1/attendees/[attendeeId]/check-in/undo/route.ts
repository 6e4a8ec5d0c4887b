// POST /api/v1/attendees/:attendeeId/check-in/undo
import { db } from "@/lib/db/client";
import { undoAttendeeCheckIn } from "@/lib/api/attendees";
import { apiCommand } from "@/lib/api/route";

export const POST = apiCommand<{ attendeeId: string }>((body, api, { attendeeId }) => undoAttendeeCheckIn(db(), api.orgId, attendeeId, body));
