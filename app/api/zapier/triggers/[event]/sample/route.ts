// A trigger's "perform list": recent real deliveries' bodies, or one example.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { triggerSamples } from "@/lib/zapier/samples";
import { isZapierEvent } from "@/lib/zapier/triggers";
import { zapierRoute } from "@/lib/zapier/route";

export const GET = zapierRoute<{ event: string }>(async (_req, api, { event }) => {
  const type = decodeURIComponent(event);
  if (!isZapierEvent(type)) throw new NotFoundError(`Trigger "${type}"`);
  return NextResponse.json(await triggerSamples(db(), api.orgId, type));
});
