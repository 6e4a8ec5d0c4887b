// GET /api/v1/reports/attendance (?from=&to= days in UTC, ?eventId=)
import { db } from "@/lib/db/client";
import { attendanceFor, ReportQuery } from "@/lib/api/reports";
import { apiGet, parseQuery } from "@/lib/api/route";

export const GET = apiGet((req, api) => attendanceFor(db(), api.orgId, parseQuery(req, ReportQuery)));
