// How a stored file goes out: its own type, a download name that cannot break
// the header, never sniffed or run by the browser.
import { NextResponse } from "next/server";

export function fileResponse(bytes: Uint8Array, f: { contentType: string; filename: string; download: boolean; cacheSeconds: number }): NextResponse {
  const ascii = f.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new NextResponse(Buffer.from(bytes), {
    status: 200,
    headers: {
      "content-type": f.contentType,
      "content-length": String(bytes.byteLength),
      "content-disposition": `${f.download ? "attachment" : "inline"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
      "cache-control": `private, max-age=${f.cacheSeconds}`,
    },
  });
}
