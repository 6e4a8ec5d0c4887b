// A person subscribes to a plan; the answer is the payment provider's checkout to send the browser to.
import { NextResponse } from "next/server";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db/client";
import { startMembership } from "@/lib/checkout/plan-billing";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { clientIp, consume } from "@/lib/rate-limit";
import { appKeyring } from "@/lib/vault/app-keyring";

export async function POST(req: Request, ctx: { params: Promise<{ org: string }> }) {
  try {
    const { org } = await ctx.params;
    const body = (await readJson(req, BODY_LIMITS.publicForm)) as { email?: unknown } | null;
    await consume("public_ip", clientIp(req.headers), db());
    // Per address too: the answer for an address that already has the plan differs, so probing addresses is slowed.
    if (typeof body?.email === "string") await consume("public_email", body.email.trim().toLowerCase(), db());
    const base = `${appUrl()}/api/public/members/${encodeURIComponent(org)}`;
    const { url } = await startMembership(db(), appKeyring(), org, body, {
      // Stripe fills in {CHECKOUT_SESSION_ID}; the welcome route still asks the provider whether it was paid.
      success: (id) => `${base}/welcome?membership=${id}&session_id={CHECKOUT_SESSION_ID}`,
      cancel: `${appUrl()}/m/${encodeURIComponent(org)}?checkout=cancelled`,
    });
    return NextResponse.json({ url }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
