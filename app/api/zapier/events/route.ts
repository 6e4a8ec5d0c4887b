// Dynamic dropdown: the organization's events, newest first.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listEventsForZapier } from "@/lib/zapier/lists";
import { zapierRoute } from "@/lib/zapier/route";

export const GET = zapierRoute<Record<string, never>>(async (_req, api) => NextResponse.json(await listEventsForZapier(db(), api.orgId)));
