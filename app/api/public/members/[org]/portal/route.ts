// "Manage card or cancel": the member's signed page link opens the payment provider's customer portal.
// Answered as JSON for the page to navigate to: a form's redirect to another origin is refused by our CSP (form-action 'self').
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { memberPortalUrl } from "@/lib/checkout/plan-billing";
import { memberPageUrl } from "@/lib/memberships/links";
import { membershipByPageToken, orgBySlug } from "@/lib/memberships/public";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { appKeyring } from "@/lib/vault/app-keyring";

export async function POST(req: Request, ctx: { params: Promise<{ org: string }> }) {
  try {
    const { org: slug } = await ctx.params;
    const body = (await readJson(req, BODY_LIMITS.publicForm)) as { token?: unknown } | null;
    const token = typeof body?.token === "string" ? body.token : "";
    const org = await orgBySlug(db(), slug);
    const membership = await membershipByPageToken(db(), appKeyring(), org.id, token);
    const url = await memberPortalUrl(db(), membership, memberPageUrl(appKeyring(), slug, membership.id));
    return NextResponse.json({ url }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
