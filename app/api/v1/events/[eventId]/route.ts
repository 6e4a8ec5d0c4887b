// GET /api/v1/events/:eventId
import { db } from "@/lib/db/client";
import { getEvent } from "@/lib/api/events";
import { apiGet } from "@/lib/api/route";

export const GET = apiGet<{ eventId: string }>((_req, api, { eventId }) => getEvent(db(), api.orgId, eventId));
