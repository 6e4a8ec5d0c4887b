// The event's cover: POST finishes an upload started at ./uploads and makes it
// the cover; DELETE takes the cover away. Both carry the version the page
// showed, like any edit of the event.
import { NextResponse } from "next/server";
import { z } from "zod";
import { currentMember } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { parseOrThrow } from "@/lib/domain/errors";
import { setEventCover } from "@/lib/domain/events/cover";
import { getEvent } from "@/lib/domain/events/queries";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { removeFile } from "@/lib/files/removal";
import { finishUpload } from "@/lib/integrations/storage/upload";
import { appKeyring } from "@/lib/vault/app-keyring";

const finished = z.object({ fileId: z.uuid("Choose an image"), version: z.number().int().min(1) });
const removed = z.object({ version: z.number().int().min(1) });

function unauthorized() {
  return NextResponse.json({ error: "unauthorized", message: "Your session ended: sign in again." }, { status: 401 });
}

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const member = await currentMember();
    if (!member) return unauthorized();
    const v = parseOrThrow(finished, await readJson(req, BODY_LIMITS.api));
    const eventId = (await ctx.params).id;
    await getEvent(db(), member.orgId, eventId);
    const file = await finishUpload(db(), appKeyring(), member.orgId, v.fileId, "cover");
    const event = await setEventCover(db(), member.orgId, eventId, { fileId: file.id, version: v.version }).catch(async (err: unknown) => {
      // An image that did not become the cover (a stale version) would otherwise stay behind unseen.
      const current = await getEvent(db(), member.orgId, eventId);
      if (current.cover_file_id !== file.id) await removeFile(db(), member.orgId, file.id);
      throw err;
    });
    return NextResponse.json({ version: event.version, coverFileId: event.cover_file_id });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const member = await currentMember();
    if (!member) return unauthorized();
    const v = parseOrThrow(removed, await readJson(req, BODY_LIMITS.api));
    const event = await setEventCover(db(), member.orgId, (await ctx.params).id, { fileId: null, version: v.version });
    return NextResponse.json({ version: event.version, coverFileId: null });
  } catch (err) {
    return errorResponse(err);
  }
}
