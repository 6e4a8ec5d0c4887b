// GET /api/v1/events (list) · POST /api/v1/events (create a draft)
import { db } from "@/lib/db/client";
import { createEventDraft, listEvents } from "@/lib/api/events";
import { apiCreate, apiGet, parseQuery } from "@/lib/api/route";
import { ListEventsQuery } from "@/lib/api/schemas";

export const GET = apiGet((req, api) => listEvents(db(), api.orgId, parseQuery(req, ListEventsQuery)));
export const POST = apiCreate((body, api) => createEventDraft(db(), api.orgId, body));
