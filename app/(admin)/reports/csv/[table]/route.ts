// GET: one report table as a CSV download (admins only: it holds the
// organization's sales), for the period and event in the query.
import { ForbiddenError } from "@/lib/auth/errors";
import { currentMember, isAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import { errorResponse } from "@/lib/http/errors";
import { csvFilename, tableCsv } from "@/lib/reports/csv";
import { firstValues } from "@/lib/reports/page-scope";
import { ReportQuery } from "@/lib/reports/period";
import { reportScope } from "@/lib/reports/scope";
import { isTableId, loadTable } from "@/lib/reports/tables";

export async function GET(req: Request, ctx: { params: Promise<{ table: string }> }) {
  try {
    const member = await currentMember();
    if (!member) return Response.json({ error: "unauthorized", message: "Sign in to download reports." }, { status: 401 });
    if (!isAdmin(member)) throw new ForbiddenError();
    const { table: id } = await ctx.params;
    if (!isTableId(id)) throw new NotFoundError("Report table");
    const parsed = ReportQuery.safeParse(firstValues(Object.fromEntries(new URL(req.url).searchParams)));
    if (!parsed.success) throw ValidationError.fromZod(parsed.error);
    const scope = await reportScope(db(), member.orgId, parsed.data);
    const table = await loadTable(db(), scope, id);
    return new Response(tableCsv(table), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${csvFilename(table, scope)}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
