// Where a payment provider sends the buyer back: finish the payment where the
// gateway needs it, then show the order's status page.
import { NextResponse } from "next/server";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db/client";
import { completeReturn } from "@/lib/checkout/return";

export async function GET(req: Request, ctx: { params: Promise<{ slug: string; orderId: string }> }) {
  const { slug, orderId } = await ctx.params;
  const known = await completeReturn(db(), slug, orderId, new URL(req.url).searchParams);
  if (!known) return NextResponse.json({ error: "Order not found" }, { status: 404 });
  return NextResponse.redirect(`${appUrl()}/e/${encodeURIComponent(slug)}/orders/${orderId}`, 303);
}
