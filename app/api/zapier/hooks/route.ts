// REST hook subscribe: Zapier sends the URL of the Zap and the fact it wants.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { readRawJson } from "@/lib/zapier/responses";
import { subscribe } from "@/lib/zapier/hooks";
import { zapierRoute } from "@/lib/zapier/route";

export const POST = zapierRoute<Record<string, never>>(async (req, api) => {
  const { body } = await readRawJson(req);
  const hook = await subscribe(db(), api, body);
  return NextResponse.json(hook, { status: 201 });
});
