// GET /api/v1/reports/payments (?from=&to= days in UTC, ?eventId=)
import { db } from "@/lib/db/client";
import { paymentsFor, ReportQuery } from "@/lib/api/reports";
import { apiGet, parseQuery } from "@/lib/api/route";

export const GET = apiGet((req, api) => paymentsFor(db(), api.orgId, parseQuery(req, ReportQuery)));
