// A new password with a mailed link (a reset, or an owner's first password). A spent or expired link is a 409 saying which.
import { NextResponse } from "next/server";
import { PASSWORD_LINK_REFUSED, resetPassword } from "@/lib/accounts/password-reset";
import { db } from "@/lib/db/client";
import { ConflictError } from "@/lib/domain/errors";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { clientIp } from "@/lib/rate-limit";

export async function POST(req: Request) {
  try {
    const result = await resetPassword(db(), await readJson(req, BODY_LIMITS.publicForm), { ip: clientIp(req.headers) });
    if (result.outcome !== "changed") throw new ConflictError(PASSWORD_LINK_REFUSED[result.outcome]);
    return NextResponse.json(
      { email: result.email, message: "Your new password is set, and every other session of yours is signed out. Sign in with it now." },
      { status: 201, headers: { "Cache-Control": "no-store" } },
    );
  } catch (err) {
    return errorResponse(err);
  }
}
