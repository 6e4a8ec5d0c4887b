// Starts a browser upload for an event (its cover or a material): refused on
// its field when the type or size is not accepted, before any byte moves;
// otherwise answers where the browser sends the bytes (the organization's
// bucket, presigned, or our own signed local link).
import { NextResponse } from "next/server";
import { z } from "zod";
import { currentMember, isAdmin } from "@/lib/auth/session";
import { ForbiddenError } from "@/lib/auth/errors";
import { db } from "@/lib/db/client";
import { ConflictError, parseOrThrow } from "@/lib/domain/errors";
import { getEvent } from "@/lib/domain/events/queries";
import { PURPOSE_LIMITS } from "@/lib/files/limits";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { startUpload } from "@/lib/integrations/storage/upload";
import { appKeyring } from "@/lib/vault/app-keyring";

const body = z.object({
  purpose: z.enum(["cover", "material"]),
  filename: z.string().trim().min(1, "The file has no name").max(1000),
  contentType: z.string().max(255),
  size: z.number().int().nonnegative(),
});

/** The field each purpose's errors belong to on the event page. */
const FIELD = { cover: "cover", material: "materials" } as const;

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const member = await currentMember();
    if (!member) return NextResponse.json({ error: "unauthorized", message: "Your session ended: sign in again." }, { status: 401 });
    const v = parseOrThrow(body, await readJson(req, BODY_LIMITS.api));
    // Editing the cover is editing the event; sharing files with attendees is an admin's call.
    if (v.purpose === "material" && !isAdmin(member)) throw new ForbiddenError();
    const event = await getEvent(db(), member.orgId, (await ctx.params).id);
    if (event.status === "cancelled") throw new ConflictError("A cancelled event can no longer be edited.");
    const { file, target } = await startUpload(db(), appKeyring(), {
      orgId: member.orgId,
      eventId: event.id,
      purpose: v.purpose,
      filename: v.filename,
      contentType: v.contentType,
      size: v.size,
      field: FIELD[v.purpose],
      limits: PURPOSE_LIMITS[v.purpose],
    });
    return NextResponse.json({ fileId: file.id, target }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
