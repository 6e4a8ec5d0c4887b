// The provider sends the admin back here; the outcome is shown on the connector page.
import { NextResponse } from "next/server";
import { currentMember, isAdmin } from "@/lib/auth/session";
import { ForbiddenError } from "@/lib/auth/errors";
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/config";
import { errorResponse } from "@/lib/http/errors";
import { requireConnector } from "@/lib/integrations/connections/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";

export async function GET(req: Request, ctx: { params: Promise<{ connector: string }> }) {
  try {
    const member = await currentMember();
    if (!member) return NextResponse.redirect(new URL("/login", appUrl()));
    if (!isAdmin(member)) throw new ForbiddenError();
    const connector = await requireConnector((await ctx.params).connector);
    if (!connector.oauth) throw new ForbiddenError();
    const q = new URL(req.url).searchParams;
    const result = await completeAuthorization(db(), appKeyring(), {
      connector,
      orgId: member.orgId,
      userId: member.userId,
      state: q.get("state"),
      code: q.get("code"),
      error: q.get("error"),
      callbackParams: Object.fromEntries(q),
    });
    const back = new URL(`/settings/integrations/${connector.id}`, appUrl());
    if (result.attempt) back.searchParams.set("attempt", result.attempt);
    else if (!result.ok) back.searchParams.set("oauth", result.reason);
    return NextResponse.redirect(back, 303);
  } catch (err) {
    return errorResponse(err);
  }
}
