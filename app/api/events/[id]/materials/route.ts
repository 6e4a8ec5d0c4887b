// Finishes a material upload started at ./uploads and shares it with the
// event's paid attendees (event.material_added: e-mail, shared folders).
import { NextResponse } from "next/server";
import { z } from "zod";
import { currentMember, isAdmin } from "@/lib/auth/session";
import { ForbiddenError } from "@/lib/auth/errors";
import { db } from "@/lib/db/client";
import { parseOrThrow } from "@/lib/domain/errors";
import { getEvent } from "@/lib/domain/events/queries";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { finishUpload } from "@/lib/integrations/storage/upload";
import { addMaterial } from "@/lib/materials/service";
import { appKeyring } from "@/lib/vault/app-keyring";

const finished = z.object({ fileId: z.uuid("Choose a file") });

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const member = await currentMember();
    if (!member) return NextResponse.json({ error: "unauthorized", message: "Your session ended: sign in again." }, { status: 401 });
    if (!isAdmin(member)) throw new ForbiddenError();
    const v = parseOrThrow(finished, await readJson(req, BODY_LIMITS.api));
    const event = await getEvent(db(), member.orgId, (await ctx.params).id);
    await finishUpload(db(), appKeyring(), member.orgId, v.fileId, "materials");
    const file = await addMaterial(db(), member.orgId, event.id, v.fileId);
    return NextResponse.json({ id: file.id, filename: file.filename }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
