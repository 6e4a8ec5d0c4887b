// Signed links to files on the local disk: GET reads (or downloads) one until
// the link expires; PUT is a browser's upload to a signed upload link.
import { NextResponse } from "next/server";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { fileResponse } from "@/lib/http/file-response";
import { PURPOSE_LIMITS } from "@/lib/files/limits";
import { readBodyBytes } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/errors";
import { receiveLocalUpload } from "@/lib/integrations/storage/receive";
import { serveLink } from "@/lib/integrations/storage/serve";
import { appKeyring } from "@/lib/vault/app-keyring";

const linkQuery = z.object({
  use: z.enum(["read", "download", "upload"]),
  expires: z.coerce.number().int().positive(),
  signature: z.string().min(16).max(128),
});

function parseLink(req: Request, id: string) {
  const q = linkQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  return q.success ? { fileId: id, ...q.data } : null;
}

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const link = parseLink(req, (await ctx.params).id);
    if (!link) return NextResponse.json({ error: "This link is not valid." }, { status: 403 });
    const served = await serveLink(db(), appKeyring(), link);
    if (served.kind === "refused") return NextResponse.json({ error: served.message }, { status: served.status });
    if (served.kind === "redirect") return NextResponse.redirect(served.url, 302);
    const left = Math.max(0, link.expires - Math.floor(Date.now() / 1000));
    return fileResponse(served.bytes, { contentType: served.file.content_type, filename: served.file.filename, download: served.download, cacheSeconds: Math.min(left, 300) });
  } catch (err) {
    return errorResponse(err);
  }
}

const LARGEST = Math.max(...Object.values(PURPOSE_LIMITS).map((l) => l.maxBytes));

export async function PUT(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const link = parseLink(req, (await ctx.params).id);
    if (!link || link.use !== "upload") return NextResponse.json({ error: "This upload link is not valid." }, { status: 403 });
    const body = await readBodyBytes(req, LARGEST);
    const outcome = await receiveLocalUpload(db(), appKeyring(), link, req.headers.get("content-type"), body);
    if (!outcome.ok) return NextResponse.json({ error: outcome.message }, { status: outcome.status });
    return new NextResponse(null, { status: 200 });
  } catch (err) {
    return errorResponse(err);
  }
}
