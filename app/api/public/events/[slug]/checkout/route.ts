// A visitor orders tickets on the public page: free ones are registered at once
// (`registered`), an order with paid ones answers where to send the browser to pay.
import { NextResponse } from "next/server";
import { requestCookies } from "@/lib/http/cookies";
import { db } from "@/lib/db/client";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { startCheckout } from "@/lib/checkout/start";
import { AttemptEndedError } from "@/lib/domain/orders/attempt";
import { guardPublicForm } from "@/lib/rate-limit/public-forms";

export async function POST(req: Request, ctx: { params: Promise<{ slug: string }> }) {
  try {
    const { slug } = await ctx.params;
    const body = await readJson(req, BODY_LIMITS.publicForm);
    await guardPublicForm(db(), req, { slug, body, holdsPlaces: true });
    const { url, orderId, registered } = await startCheckout(db(), slug, body, undefined, requestCookies(req));
    return NextResponse.json({ url, orderId, registered: registered ?? false }, { status: 201 });
  } catch (err) {
    // Said apart from other conflicts: the page then submits again with a new attempt id (components/events/order-attempt.ts).
    if (err instanceof AttemptEndedError) return NextResponse.json({ error: "conflict", message: err.message, attemptEnded: true }, { status: 409 });
    return errorResponse(err);
  }
}
