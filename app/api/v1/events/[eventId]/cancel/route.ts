// POST /api/v1/events/:eventId/cancel
import { db } from "@/lib/db/client";
import { cancelEventByApi } from "@/lib/api/events";
import { apiCommand } from "@/lib/api/route";

export const POST = apiCommand<{ eventId: string }>((body, api, { eventId }) => cancelEventByApi(db(), api.orgId, eventId, body));
