// Provider callbacks. Verified with the provider's own method against the
// connection named in the URL; stored once; processed by the worker.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { MAX_BODY_BYTES, receiveWebhook } from "@/lib/webhooks/inbound/receive";

export async function POST(req: Request, ctx: { params: Promise<{ provider: string }> }) {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return NextResponse.json({ error: "Body too large" }, { status: 413 });
  const { provider } = await ctx.params;
  const result = await receiveWebhook(db(), {
    provider,
    connectionId: new URL(req.url).searchParams.get("connection"),
    // The signature covers the exact bytes, so the body is read raw, never re-serialized.
    rawBody: await req.text(),
    headers: req.headers,
    url: req.url,
  });
  if (result.status !== 200) return NextResponse.json({ error: result.error }, { status: result.status });
  return NextResponse.json({ received: true, duplicate: !result.stored });
}
