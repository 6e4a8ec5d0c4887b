// POST /api/v1/tickets/validate — a ticket code's outcome, checking its holder in by default
import { db } from "@/lib/db/client";
import { apiAction } from "@/lib/api/route";
import { validateTicketByApi } from "@/lib/api/tickets";

export const POST = apiAction((body, api) => validateTicketByApi(db(), api, body));
