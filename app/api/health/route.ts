import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { healthReport } from "@/lib/runtime/health";

export const dynamic = "force-dynamic";

// Public, for load balancers and uptime checks: parts and counts, no secrets.
export async function GET() {
  const report = await healthReport(db());
  return NextResponse.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
