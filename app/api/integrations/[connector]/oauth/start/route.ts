// Starts an OAuth connection: admin only; redirects to the provider's consent page.
import { NextResponse } from "next/server";
import { z } from "zod";
import { currentMember, isAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/auth/errors";
import { errorResponse } from "@/lib/http/errors";
import { parseOrThrow } from "@/lib/domain/errors";
import { requireConnector } from "@/lib/integrations/connections/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { defaultConnectionMode } from "@/lib/integrations/sandbox-url";

const query = z.object({ mode: z.enum(["sandbox", "live"], { error: "mode must be sandbox or live" }).optional() });

export async function GET(req: Request, ctx: { params: Promise<{ connector: string }> }) {
  try {
    const member = await currentMember();
    if (!member) return NextResponse.redirect(new URL("/login", req.url));
    if (!isAdmin(member)) throw new ForbiddenError();
    const connector = await requireConnector((await ctx.params).connector);
    const { mode } = parseOrThrow(query, Object.fromEntries(new URL(req.url).searchParams));
    const url = await startAuthorization(db(), appKeyring(), { orgId: member.orgId, userId: member.userId, connector, mode: mode ?? defaultConnectionMode() });
    return NextResponse.redirect(url, 302);
  } catch (err) {
    return errorResponse(err);
  }
}
