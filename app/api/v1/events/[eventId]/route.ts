// GET /api/v1/events/:eventId · PATCH (change it, as the admin form does)
import { db } from "@/lib/db/client";
import { getEvent, patchEvent } from "@/lib/api/events";
import { apiAction, apiGet } from "@/lib/api/route";

export const GET = apiGet<{ eventId: string }>((_req, api, { eventId }) => getEvent(db(), api.orgId, eventId));
export const PATCH = apiAction<{ eventId: string }>((body, api, { eventId }) => patchEvent(db(), api.orgId, eventId, body));
