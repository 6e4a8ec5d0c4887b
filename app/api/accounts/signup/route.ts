// Sign-up: a new organization and its owner. The same answer for an address that already has an account.
import { NextResponse } from "next/server";
import { signUp } from "@/lib/accounts/signup";
import { db } from "@/lib/db/client";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { clientIp } from "@/lib/rate-limit";

export async function POST(req: Request) {
  try {
    const body = await readJson(req, BODY_LIMITS.publicForm);
    return NextResponse.json(await signUp(db(), body, { ip: clientIp(req.headers) }), { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
