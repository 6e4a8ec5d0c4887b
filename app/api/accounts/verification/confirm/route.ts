// The confirmation link's button: spends the token and confirms the address.
import { NextResponse } from "next/server";
import { z } from "zod";
import { confirmEmail } from "@/lib/accounts/verification";
import { db } from "@/lib/db/client";
import { ValidationError } from "@/lib/domain/errors";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";

const input = z.object({ token: z.string().max(100) });

export async function POST(req: Request) {
  try {
    const parsed = input.safeParse(await readJson(req, BODY_LIMITS.publicForm));
    if (!parsed.success) throw ValidationError.fromZod(parsed.error);
    return NextResponse.json({ outcome: await confirmEmail(db(), parsed.data.token) }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
