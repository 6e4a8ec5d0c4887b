// GET: a broadcast's progress as JSON, for its page's progress bar (polled while it sends).
import { NextResponse } from "next/server";
import { ForbiddenError } from "@/lib/auth/errors";
import { currentMember, isAdmin } from "@/lib/auth/session";
import { broadcastStatus } from "@/lib/broadcasting/view";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { errorResponse } from "@/lib/http/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(_req: Request, ctx: { params: Promise<{ id: string; broadcastId: string }> }) {
  try {
    const member = await currentMember();
    if (!member) return NextResponse.json({ error: "unauthorized", message: "Sign in to see this broadcast." }, { status: 401 });
    if (!isAdmin(member)) throw new ForbiddenError();
    const { id, broadcastId } = await ctx.params;
    if (!UUID.test(broadcastId)) throw new NotFoundError("Broadcast");
    const status = await broadcastStatus(db(), member.orgId, broadcastId);
    if (!status || status.eventId !== id) throw new NotFoundError("Broadcast");
    return NextResponse.json(status, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
