// Zapier's authentication test: which organization (and key) this is.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { zapierRoute } from "@/lib/zapier/route";

export const GET = zapierRoute<Record<string, never>>(async (_req, api) => {
  const [org, key] = await Promise.all([
    db().selectFrom("organizations").select(["id", "name", "slug"]).where("id", "=", api.orgId).executeTakeFirstOrThrow(),
    db().selectFrom("api_keys").select(["id", "name", "prefix"]).where("id", "=", api.apiKeyId).executeTakeFirstOrThrow(),
  ]);
  return NextResponse.json({
    id: org.id,
    org_name: org.name,
    org_slug: org.slug,
    api_key: { id: key.id, name: key.name, prefix: key.prefix },
  });
});
