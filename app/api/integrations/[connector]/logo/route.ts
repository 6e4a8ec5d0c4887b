// A provider's logo, from its own folder. Static and public by nature, so it is
// cached; as an SVG it is served under a policy that runs nothing it might contain.
import { NextResponse } from "next/server";
import { readLogo } from "@/lib/integrations/logos";

export async function GET(_req: Request, ctx: { params: Promise<{ connector: string }> }) {
  const svg = await readLogo((await ctx.params).connector);
  if (!svg) return NextResponse.json({ error: "No such provider" }, { status: 404 });
  return new NextResponse(svg, {
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "public, max-age=86400",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "x-content-type-options": "nosniff",
    },
  });
}
