// "Member? Get your price": e-mails a one-time link to a member; the same answer for anyone.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { orgBySlug } from "@/lib/memberships/public";
import { requestMemberLink } from "@/lib/memberships/sign-in";
import { BODY_LIMITS } from "@/lib/http/body";
import { errorResponse, readJson } from "@/lib/http/errors";
import { clientIp, consume } from "@/lib/rate-limit";
import { appKeyring } from "@/lib/vault/app-keyring";

export async function POST(req: Request, ctx: { params: Promise<{ org: string }> }) {
  try {
    const { org: slug } = await ctx.params;
    const body = (await readJson(req, BODY_LIMITS.publicForm)) as { email?: unknown; next?: unknown } | null;
    await consume("public_ip", clientIp(req.headers), db());
    if (typeof body?.email === "string") await consume("public_email", body.email.trim().toLowerCase(), db());
    const org = await orgBySlug(db(), slug);
    const message = await requestMemberLink(db(), appKeyring(), org, body, typeof body?.next === "string" ? body.next : "/");
    return NextResponse.json({ message }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
