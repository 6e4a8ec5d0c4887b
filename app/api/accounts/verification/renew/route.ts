// "Send me a new link" on an expired confirmation link: the new one goes where the old one went.
import { NextResponse } from "next/server";
import { z } from "zod";
import { renewVerificationLink } from "@/lib/accounts/verification";
import { db } from "@/lib/db/client";
import { ValidationError } from "@/lib/domain/errors";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { clientIp } from "@/lib/rate-limit";

const input = z.object({ token: z.string().max(100) });

export async function POST(req: Request) {
  try {
    const parsed = input.safeParse(await readJson(req, BODY_LIMITS.publicForm));
    if (!parsed.success) throw ValidationError.fromZod(parsed.error);
    return NextResponse.json(await renewVerificationLink(db(), parsed.data.token, { ip: clientIp(req.headers) }), { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
