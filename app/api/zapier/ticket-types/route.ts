// Dynamic dropdown: the ticket types of one of the organization's events (?event_id=).
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listTicketTypesForZapier } from "@/lib/zapier/lists";
import { zapierRoute } from "@/lib/zapier/route";

export const GET = zapierRoute<Record<string, never>>(async (req, api) =>
  NextResponse.json(await listTicketTypesForZapier(db(), api.orgId, new URL(req.url).searchParams.get("event_id"))),
);
