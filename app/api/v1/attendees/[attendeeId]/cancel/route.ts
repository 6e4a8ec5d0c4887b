// POST /api/v1/attendees/:attendeeId/cancel
import { db } from "@/lib/db/client";
import { cancelAttendee } from "@/lib/api/attendees";
import { apiCommand } from "@/lib/api/route";

export const POST = apiCommand<{ attendeeId: string }>((body, api, { attendeeId }) => cancelAttendee(db(), api.orgId, attendeeId, body));
