// POST /api/v1/attendees/:attendeeId/transfer — the ticket to another person
import { db } from "@/lib/db/client";
import { transferAttendee } from "@/lib/api/attendees";
import { apiCreate } from "@/lib/api/route";

export const POST = apiCreate<{ attendeeId: string }>((body, api, { attendeeId }) => transferAttendee(db(), api.orgId, attendeeId, body));
