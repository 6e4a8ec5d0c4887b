// POST /api/tickets/validate — the check-in page's scan: a signed-in member of the
// organization validates a code (and checks its holder in) for that organization.
import { NextResponse } from "next/server";
import { currentMember } from "@/lib/auth/session";
import { ValidateTicketBody } from "@/lib/api/schemas";
import { db } from "@/lib/db/client";
import { ValidationError } from "@/lib/domain/errors";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { validateAtDoor } from "@/lib/tickets/door";

export async function POST(req: Request) {
  try {
    const member = await currentMember();
    if (!member) return NextResponse.json({ error: "unauthorized", message: "Sign in again to check tickets." }, { status: 401, headers: { "Cache-Control": "no-store" } });
    // Only a script of our own origin can send JSON with the session cookie (a cross-site form cannot).
    if (!req.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
      return NextResponse.json({ error: "unsupported_media_type", message: "Send the code as JSON (Content-Type: application/json)." }, { status: 415 });
    }
    const parsed = ValidateTicketBody.safeParse(await readJson(req, BODY_LIMITS.api));
    if (!parsed.success) throw ValidationError.fromZod(parsed.error);
    const answer = await validateAtDoor(db(), member.orgId, `member:${member.userId}`, parsed.data);
    return NextResponse.json(answer, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
