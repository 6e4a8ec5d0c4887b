// GET /api/v1/reports/revenue (?from=&to= days in UTC, ?eventId=)
import { db } from "@/lib/db/client";
import { revenueFor, ReportQuery } from "@/lib/api/reports";
import { apiGet, parseQuery } from "@/lib/api/route";

export const GET = apiGet((req, api) => revenueFor(db(), api.orgId, parseQuery(req, ReportQuery)));
