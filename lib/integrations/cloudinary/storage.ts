// The storage capability for cover images: the object key Switchboard made is the
// image's public id (org/<org>/cover/<file id>, so folders per organization), put
// with a signed upload, read and listed through the Admin API, removed with the
// Upload API's destroy, and served through signed delivery URLs. Browser uploads
// go through Switchboard (no uploadTarget): a signed Cloudinary upload cannot
// hold the browser to one size and type, and covers are checked by content first.
import { ProviderCallError } from "../contract";
import type { StorageCapability } from "../contract/storage";
import { sdkCall, uploadBytes, cloudinary } from "./client";
import { attachmentName, deliveryUrl, imageVariants } from "./delivery";
import { CloudinaryApiError } from "./errors";
import type { CloudinaryContext } from "./manifest";

/** The most the Admin API lists in one page. */
const PAGE = 500;

const CONTENT_TYPES: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp", avif: "image/avif", svg: "image/svg+xml" };

const contentTypeOf = (format: string) => CONTENT_TYPES[format.toLowerCase()] ?? `image/${format.toLowerCase()}`;

interface Resource {
  public_id: string;
  bytes: number;
  format: string;
}

async function readBody(res: Response, maxBytes: number | undefined): Promise<Uint8Array> {
  if (maxBytes === undefined || !res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  while (size < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => undefined);
  const out = new Uint8Array(Math.min(size, maxBytes));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
    if (at >= out.length) break;
  }
  return out;
}

export const cloudinaryStorage: StorageCapability<CloudinaryContext> = {
  purposes: ["cover"],

  async put(ctx, key, body) {
    await sdkCall(ctx, "upload", (o) => uploadBytes(body, { ...o, public_id: key, overwrite: true, invalidate: true, resource_type: "image", type: "upload" }));
  },

  // The original, through its delivery URL (the CDN), not the rate-limited Admin API.
  async get(ctx, key, opts) {
    const url = deliveryUrl(ctx, key);
    return ctx.call("delivery", async (signal) => {
      const res = await fetch(url, { signal, headers: opts?.maxBytes ? { Range: `bytes=0-${opts.maxBytes - 1}` } : {} });
      if (res.status !== 200 && res.status !== 206) {
        await res.body?.cancel();
        throw new CloudinaryApiError(res.status, res.headers.get("x-cld-error") ?? `delivery answered ${res.status}`);
      }
      return readBody(res, opts?.maxBytes);
    });
  },

  async head(ctx, key) {
    try {
      const r = await sdkCall(ctx, "resource", (o) => cloudinary.api.resource(key, { ...o, resource_type: "image", type: "upload" }) as Promise<Resource>);
      return { size: r.bytes, contentType: contentTypeOf(r.format) };
    } catch (err) {
      if (err instanceof ProviderCallError && err.failure.kind === "not_found") return null;
      throw err;
    }
  },

  // "not found" is an answer, not a failure: removing twice is harmless.
  async delete(ctx, key) {
    await sdkCall(ctx, "destroy", (o) => cloudinary.uploader.destroy(key, { ...o, resource_type: "image", type: "upload", invalidate: true }) as Promise<{ result: string }>);
  },

  async list(ctx, prefix) {
    const found: Array<{ key: string; size: number }> = [];
    let cursor: string | undefined;
    do {
      const page = await sdkCall(
        ctx,
        "resources",
        (o) => cloudinary.api.resources({ ...o, resource_type: "image", type: "upload", prefix, max_results: PAGE, ...(cursor ? { next_cursor: cursor } : {}) }) as Promise<{ resources: Resource[]; next_cursor?: string }>,
      );
      for (const r of page.resources) found.push({ key: r.public_id, size: r.bytes });
      cursor = page.next_cursor;
    } while (cursor);
    return found;
  },

  // Public delivery URLs do not expire (covers are public anyway); a download asks for an attachment.
  async readUrl(ctx, key, opts) {
    return deliveryUrl(ctx, key, opts.download ? [{ flags: `attachment:${attachmentName(opts.filename)}` }] : []);
  },

  imageVariants,
};
