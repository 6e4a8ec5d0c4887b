// Provider callbacks. Verified with the provider's own method against the
// connection named in the URL (or, for a provider that calls one URL for every
// account, the connection linked to the account it names); stored once; processed
// by the worker.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { PayloadTooLargeError, readBodyText } from "@/lib/http/body";
import { MAX_BODY_BYTES, receiveWebhook } from "@/lib/webhooks/inbound/receive";

export async function POST(req: Request, ctx: { params: Promise<{ provider: string }> }) {
  let rawBody: string;
  try {
    // The signature covers the exact bytes, so the body is read raw, never re-serialized.
    rawBody = await readBodyText(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof PayloadTooLargeError) return NextResponse.json({ error: "Body too large", message: err.message }, { status: 413 });
    throw err;
  }
  const { provider } = await ctx.params;
  const result = await receiveWebhook(db(), {
    provider,
    connectionId: new URL(req.url).searchParams.get("connection"),
    rawBody,
    headers: req.headers,
    url: req.url,
  });
  // Over the connection's limit: the provider retries after Retry-After, as it does after any non-2xx.
  if (result.status === 429) return NextResponse.json({ error: result.error }, { status: 429, headers: { "Retry-After": String(result.retryAfterSec) } });
  if (result.status !== 200) return NextResponse.json({ error: result.error }, { status: result.status });
  // Providers that read the answer (a challenge, a command's reply) get the connector's.
  if (result.answer) return new NextResponse(result.answer.body, { status: result.answer.status, headers: { "content-type": result.answer.contentType } });
  return NextResponse.json({ received: true, duplicate: !result.stored });
}
