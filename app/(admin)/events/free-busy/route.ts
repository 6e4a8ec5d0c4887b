// POST: whether the organization's connected calendars are busy at the time the
// event form holds. Asked as the admin picks a time; the answer is a warning only.
import { NextResponse } from "next/server";
import { currentMember } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { checkConflicts } from "@/lib/free-busy/check";
import { parseFreeBusyInput } from "@/lib/free-busy/input";
import { errorResponse, readJson } from "@/lib/http/errors";

export async function POST(req: Request) {
  try {
    const member = await currentMember();
    if (!member) return NextResponse.json({ error: "unauthorized", message: "Sign in to check calendars." }, { status: 401 });
    const input = parseFreeBusyInput(await readJson(req, 4 * 1024));
    const report = await checkConflicts(db(), member.orgId, input);
    return NextResponse.json(report, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
