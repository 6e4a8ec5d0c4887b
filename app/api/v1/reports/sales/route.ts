// GET /api/v1/reports/sales (?from=&to= days in UTC, ?eventId=)
import { db } from "@/lib/db/client";
import { salesFor, ReportQuery } from "@/lib/api/reports";
import { apiGet, parseQuery } from "@/lib/api/route";

export const GET = apiGet((req, api) => salesFor(db(), api.orgId, parseQuery(req, ReportQuery)));
