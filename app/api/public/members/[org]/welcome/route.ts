// Back from the subscription checkout: this browser gets the member cookie and goes to the member's page.
import { NextResponse } from "next/server";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db/client";
import { memberPageUrl } from "@/lib/memberships/links";
import { memberCookieName, memberCookieOptions, memberCookieValue } from "@/lib/memberships/member-cookie";
import { membershipOfCheckoutReturn, orgBySlug } from "@/lib/memberships/public";
import { errorResponse } from "@/lib/http/errors";
import { appKeyring } from "@/lib/vault/app-keyring";

export async function GET(req: Request, ctx: { params: Promise<{ org: string }> }) {
  try {
    const { org: slug } = await ctx.params;
    const q = new URL(req.url).searchParams;
    const org = await orgBySlug(db(), slug);
    const membership = await membershipOfCheckoutReturn(db(), org.id, q.get("membership") ?? "", q.get("session_id") ?? "");
    if (!membership) return NextResponse.redirect(`${appUrl()}/m/${encodeURIComponent(slug)}?checkout=unknown`, 303);
    const res = NextResponse.redirect(`${memberPageUrl(appKeyring(), slug, membership.id)}?welcome=1`, 303);
    res.cookies.set(memberCookieName(org.id), memberCookieValue(appKeyring(), org.id, membership.email), { ...memberCookieOptions, secure: appUrl().startsWith("https:") });
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}
