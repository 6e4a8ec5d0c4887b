// Delivery URLs: signed (s--…--) so only URLs Switchboard made are served once the
// cloud has "strict transformations" on, built by the SDK's cloudinary.url(), on
// res.cloudinary.com in live mode and on the sandbox's delivery path otherwise
// (the SDK's cname over http, secure_distribution over https). Pure computation,
// so no provider call and no policy.
import type { ImageVariant } from "../contract/storage";
import { cloudinary } from "./client";
import type { CloudinaryContext } from "./manifest";

type Transformation = Record<string, string | number>;

function hostOptions(ctx: CloudinaryContext): Record<string, unknown> {
  if (ctx.connection.mode === "live") return { secure: true };
  const base = new URL(ctx.baseUrl);
  const hostPath = `${base.host}${base.pathname}`.replace(/\/+$/, "");
  return base.protocol === "https:" ? { secure: true, secure_distribution: hostPath, private_cdn: false } : { secure: false, cname: hostPath };
}

export function deliveryUrl(ctx: CloudinaryContext, key: string, transformation: Transformation[] = []): string {
  // cloudinary.url() consumes its options object, so each URL gets a fresh one.
  return cloudinary.url(key, {
    ...hostOptions(ctx),
    cloud_name: ctx.credentials.cloudName,
    api_secret: ctx.credentials.apiSecret,
    resource_type: "image",
    type: "upload",
    sign_url: true,
    urlAnalytics: false,
    ...(transformation.length ? { transformation } : {}),
  });
}

/** A download name Cloudinary takes in fl_attachment (no extension: it adds the format's). */
export function attachmentName(filename: string): string {
  const stem = filename.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 100);
  return stem || "file";
}

/** Width-limited (never upscaled), in the browser's best format and an automatic quality. */
export function imageVariants(ctx: CloudinaryContext, key: string, widths: readonly number[]): ImageVariant[] {
  return widths.map((width) => ({ width, url: deliveryUrl(ctx, key, [{ width, crop: "limit", fetch_format: "auto", quality: "auto" }]) }));
}
