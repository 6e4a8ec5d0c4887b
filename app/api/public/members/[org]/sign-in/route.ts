// The one-time member link, used: this browser gets the member cookie and goes back to the event.
import { NextResponse } from "next/server";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db/client";
import { memberCookieName, memberCookieOptions, memberCookieValue } from "@/lib/memberships/member-cookie";
import { orgBySlug } from "@/lib/memberships/public";
import { safeNext, redeemMemberLink } from "@/lib/memberships/sign-in";
import { BODY_LIMITS, readBodyText } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/errors";
import { appKeyring } from "@/lib/vault/app-keyring";

export async function POST(req: Request, ctx: { params: Promise<{ org: string }> }) {
  try {
    const { org: slug } = await ctx.params;
    const form = new URLSearchParams(await readBodyText(req, BODY_LIMITS.publicForm));
    const org = await orgBySlug(db(), slug);
    const email = await redeemMemberLink(db(), org.id, form.get("token") ?? "");
    if (!email) return NextResponse.redirect(`${appUrl()}/m/${encodeURIComponent(slug)}?signin=expired`, 303);
    const res = NextResponse.redirect(`${appUrl()}${safeNext(form.get("next"))}?member=1`, 303);
    res.cookies.set(memberCookieName(org.id), memberCookieValue(appKeyring(), org.id, { email }), { ...memberCookieOptions, secure: appUrl().startsWith("https:") });
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}
