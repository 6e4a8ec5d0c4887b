// A visitor registers for free tickets on the public event page.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { guardPublicForm } from "@/lib/rate-limit/public-forms";
import { questionEnv } from "@/lib/answer-checks/check";

export async function POST(req: Request, ctx: { params: Promise<{ slug: string }> }) {
  try {
    const { slug } = await ctx.params;
    const body = await readJson(req, BODY_LIMITS.publicForm);
    await guardPublicForm(db(), req, { slug, body, holdsPlaces: false });
    const { order, attendees } = await registerFree(db(), slug, body, questionEnv(db()));
    return NextResponse.json(
      { order: { id: order.id, status: order.status }, attendees: attendees.map((a) => ({ id: a.id, name: a.name })) },
      { status: 201 },
    );
  } catch (err) {
    return errorResponse(err);
  }
}
