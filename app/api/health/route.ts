import { NextResponse } from "next/server";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { healthReport, healthStatusCode } from "@/lib/runtime/health";

export const dynamic = "force-dynamic";

const query = z.object({ strict: z.enum(["1", "true"]).optional() });

// Public, for load balancers and uptime checks: parts and counts, no secrets.
// 503 only without a database (see lib/runtime/health.ts); ?strict=1 for any failing part.
export async function GET(req: Request) {
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return NextResponse.json({ error: "strict takes 1 (or true), or is left out." }, { status: 400 });
  const strict = parsed.data.strict !== undefined;
  const report = await healthReport(db());
  return NextResponse.json(report, { status: healthStatusCode(report, { strict }), headers: { "cache-control": "no-store" } });
}
