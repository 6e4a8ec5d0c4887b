// "Send a new link" on the sign-in page: a new confirmation link by e-mail address, the same answer for any address.
import { NextResponse } from "next/server";
import { resendVerification } from "@/lib/accounts/verification";
import { db } from "@/lib/db/client";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { clientIp } from "@/lib/rate-limit";

export async function POST(req: Request) {
  try {
    const body = await readJson(req, BODY_LIMITS.publicForm);
    return NextResponse.json(await resendVerification(db(), body, { ip: clientIp(req.headers) }), { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
