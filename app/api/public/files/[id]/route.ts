// A published event's cover image, for the public page, Slack messages and
// calendar entries: a stable public address whatever backend keeps the bytes.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { fileResponse } from "@/lib/http/file-response";
import { errorResponse } from "@/lib/http/errors";
import { publicCover } from "@/lib/integrations/storage/serve";
import { appKeyring } from "@/lib/vault/app-keyring";

export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const served = await publicCover(db(), appKeyring(), (await ctx.params).id);
    if (served.kind === "refused") return NextResponse.json({ error: served.message }, { status: served.status });
    if (served.kind === "redirect") return NextResponse.redirect(served.url, 302);
    return fileResponse(served.bytes, { contentType: served.file.content_type, filename: served.file.filename, download: false, cacheSeconds: 300 });
  } catch (err) {
    return errorResponse(err);
  }
}
