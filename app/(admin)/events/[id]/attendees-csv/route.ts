// GET: the event's attendees with their answers as a CSV download (admins only:
// it holds every attendee's personal data).
import { ForbiddenError } from "@/lib/auth/errors";
import { currentMember, isAdmin } from "@/lib/auth/session";
import { toCsv } from "@/lib/csv/write";
import { db } from "@/lib/db/client";
import { attendeeRows } from "@/lib/domain/attendees/export";
import { NotFoundError } from "@/lib/domain/errors";
import { getEvent } from "@/lib/domain/events/queries";
import { errorResponse } from "@/lib/http/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const member = await currentMember();
    if (!member) return Response.json({ error: "unauthorized", message: "Sign in to download attendees." }, { status: 401 });
    if (!isAdmin(member)) throw new ForbiddenError();
    const { id } = await ctx.params;
    if (!UUID.test(id)) throw new NotFoundError("Event");
    const event = await getEvent(db(), member.orgId, id);
    const csv = toCsv(await attendeeRows(db(), member.orgId, id));
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${event.slug.replace(/[^a-z0-9-]/gi, "")}-attendees.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
