// The Next.js floor for `npm run bench:webhooks`: the same middleware, routing and
// body read as the webhook route, and no work, so the bench can tell what the
// framework costs apart from what verifying and storing costs. It exists in every
// build, so it answers 404 unless the server was started with
// SWITCHBOARD_BENCH_ROUTES=1 (read per request, so one build serves both cases).
import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  if (process.env.SWITCHBOARD_BENCH_ROUTES !== "1") return NextResponse.json({ error: "Not found" }, { status: 404 });
  await req.text();
  // The webhook route's answer shape, so the load generator reads both the same way.
  return NextResponse.json({ received: true, duplicate: false });
}
