import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { answerScrape } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

// Prometheus scrapes this with `Authorization: Bearer $METRICS_TOKEN`.
export async function GET(req: NextRequest) {
  const answer = await answerScrape(req.headers.get("authorization"), db());
  return new NextResponse(answer.body, { status: answer.status, headers: answer.headers });
}
