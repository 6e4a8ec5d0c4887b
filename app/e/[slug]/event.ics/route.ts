// The event as a calendar file, for the public page's "Download .ics".
import { db } from "@/lib/db/client";
import { getPublicEvent } from "@/lib/domain/events/queries";
import { errorResponse } from "@/lib/http/errors";
import { eventIcs, icsFileName } from "@/lib/public-page/ics";

export async function GET(_req: Request, ctx: { params: Promise<{ slug: string }> }) {
  try {
    const event = await getPublicEvent(db(), (await ctx.params).slug);
    return new Response(eventIcs(event), {
      headers: {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": `attachment; filename="${icsFileName(event.slug)}"`,
        // The event may move or be cancelled: a cached copy is worth a few minutes at most.
        "cache-control": "public, max-age=300",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
