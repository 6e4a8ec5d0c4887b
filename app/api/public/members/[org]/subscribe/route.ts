// A person subscribes to a plan; the answer is the payment provider's checkout to send the browser to.
import { NextResponse } from "next/server";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db/client";
import { startMembership } from "@/lib/checkout/plan-billing";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { clientIp, consume } from "@/lib/rate-limit";

export async function POST(req: Request, ctx: { params: Promise<{ org: string }> }) {
  try {
    const { org } = await ctx.params;
    const body = await readJson(req, BODY_LIMITS.publicForm);
    await consume("public_ip", clientIp(req.headers), db());
    const base = `${appUrl()}/api/public/members/${encodeURIComponent(org)}`;
    const { url, membershipId } = await startMembership(db(), org, body, {
      // Stripe fills in {CHECKOUT_SESSION_ID}: the proof that this browser made the payment.
      success: (id) => `${base}/welcome?membership=${id}&session_id={CHECKOUT_SESSION_ID}`,
      cancel: `${appUrl()}/m/${encodeURIComponent(org)}?checkout=cancelled`,
    });
    return NextResponse.json({ url, membershipId }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
