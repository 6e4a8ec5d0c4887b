// "Forgot your password?": the same answer for every address; only accounts get the e-mail.
import { NextResponse } from "next/server";
import { requestPasswordReset } from "@/lib/accounts/password-reset";
import { db } from "@/lib/db/client";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { clientIp } from "@/lib/rate-limit";

export async function POST(req: Request) {
  try {
    const body = await readJson(req, BODY_LIMITS.publicForm);
    return NextResponse.json(await requestPasswordReset(db(), body, { ip: clientIp(req.headers) }), { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
