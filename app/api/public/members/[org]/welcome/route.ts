// Back from the subscription checkout: once the provider confirms the payment, this browser gets the
// member cookie for this one membership, and the member's page (or, when the address's customer record
// existed before, word that the page link is in the e-mail).
import { NextResponse } from "next/server";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db/client";
import { confirmMembershipReturn } from "@/lib/checkout/plan-billing";
import { memberPageUrl } from "@/lib/memberships/links";
import { memberCookieName, memberCookieOptions, memberCookieValue } from "@/lib/memberships/member-cookie";
import { orgBySlug } from "@/lib/memberships/public";
import { errorResponse } from "@/lib/http/errors";
import { appKeyring } from "@/lib/vault/app-keyring";

export async function GET(req: Request, ctx: { params: Promise<{ org: string }> }) {
  try {
    const { org: slug } = await ctx.params;
    const q = new URL(req.url).searchParams;
    const org = await orgBySlug(db(), slug);
    const plans = `${appUrl()}/m/${encodeURIComponent(slug)}`;
    const back = await confirmMembershipReturn(db(), org.id, q.get("membership") ?? "", q.get("session_id") ?? "");
    if (back.kind !== "started") return NextResponse.redirect(`${plans}?checkout=${back.kind}`, 303);
    const { membership } = back;
    const res = NextResponse.redirect(back.pageInMail ? `${plans}?checkout=mailed` : `${memberPageUrl(appKeyring(), slug, membership.id)}?welcome=1`, 303);
    res.cookies.set(memberCookieName(org.id), memberCookieValue(appKeyring(), org.id, { membershipId: membership.id }), { ...memberCookieOptions, secure: appUrl().startsWith("https:") });
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}
