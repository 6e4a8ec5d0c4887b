// Delivery URLs, /cloudinary/<cloud>/image/upload/[s--<signature>--/][<transformations>/][v<version>/]<public id>[.<format>],
// as the SDK's cloudinary.url() builds them. A signed URL must carry the right
// signature (Cloudinary answers 401 with X-Cld-Error otherwise). The image is
// served as stored: resizing, format and quality changes are not emulated; the
// transformation asked for is recorded and shown in the inbox instead.
import type { Ctx } from "../core/context";
import { safeDecode } from "../core/path-template";
import { record } from "../core/record";
import { sendEmpty } from "../core/respond";
import { CONTENT_TYPES } from "./assets";
import { deliveryError } from "./errors";
import { deliverySignature, same } from "./signature";
import { assetKey, CLOUDINARY_STATE, type Asset, type CloudinaryState } from "./state";

/** Cloudinary's transformation parameter names (w_480, c_limit, f_auto, q_auto, fl_attachment…). */
const PARAMS = new Set("a,ac,af,ar,b,bo,br,c,co,cs,d,dl,dn,dpr,du,e,eo,f,fl,fn,fps,g,h,if,ki,l,o,p,pg,q,r,so,sp,t,u,vc,vs,w,x,y,z".split(","));

const isTransformation = (seg: string) => seg.split(",").every((part) => /^[a-z]{1,3}_/.test(part) && PARAMS.has(part.slice(0, part.indexOf("_"))));

interface DeliveryPath {
  signature: string | null;
  transformation: string;
  /** The public id as written in the URL (encoded, with any extension), which is what is signed. */
  source: string;
}

export function parseDeliveryPath(segments: string[]): DeliveryPath | null {
  let i = 0;
  const sig = segments[0]?.match(/^s--([A-Za-z0-9_-]{8})--$/);
  if (sig) i++;
  const transformations: string[] = [];
  while (i < segments.length - 1 && isTransformation(segments[i]!)) transformations.push(segments[i++]!);
  if (i < segments.length - 1 && /^v\d+$/.test(segments[i]!)) i++;
  const source = segments.slice(i).join("/");
  if (!source) return null;
  return { signature: sig?.[1] ?? null, transformation: transformations.join("/"), source };
}

function findAsset(state: CloudinaryState, cloud: string, source: string): Asset | undefined {
  const publicId = source.split("/").map(safeDecode).join("/");
  const exact = state.assets.get(assetKey(cloud, publicId));
  if (exact) return exact;
  const dot = publicId.lastIndexOf(".");
  return dot > 0 ? state.assets.get(assetKey(cloud, publicId.slice(0, dot))) : undefined;
}

function attachmentName(transformation: string, a: Asset): string | null {
  const flag = transformation.split(/[/,]/).find((p) => p === "fl_attachment" || p.startsWith("fl_attachment:"));
  if (!flag) return null;
  const name = flag.slice("fl_attachment:".length) || a.publicId.split("/").at(-1)!;
  return `${name.replace(/[^A-Za-z0-9_.-]/g, "_")}.${a.format}`;
}

export function handleDelivery(ctx: Ctx, cloudName: string, segments: string[]): void {
  record(ctx, "cloudinary delivery");
  const state = CLOUDINARY_STATE.of(ctx.rt);
  const cloud = state.clouds.get(cloudName);
  if (!cloud) return deliveryError(ctx, 404, `Invalid cloud_name ${cloudName}`);
  if (ctx.method !== "GET" && ctx.method !== "HEAD") return deliveryError(ctx, 405, "Method not allowed");
  const path = parseDeliveryPath(segments);
  if (!path) return deliveryError(ctx, 404, "Resource not found");
  if (path.signature !== null) {
    const toSign = [path.transformation, path.source].filter(Boolean).join("/");
    if (!same(path.signature, deliverySignature(toSign, cloud.apiSecret))) return deliveryError(ctx, 401, "Invalid signature");
  }
  const asset = findAsset(state, cloudName, path.source);
  if (!asset) return deliveryError(ctx, 404, `Resource not found - ${path.source}`);
  // The inbox's own thumbnails are not requests of the app's.
  if (ctx.url.searchParams.get("sandbox") !== "inbox") {
    asset.deliveries.push({ at: new Date(ctx.rt.clock.now()).toISOString(), transformation: path.transformation, signed: path.signature !== null });
    if (asset.deliveries.length > 50) asset.deliveries.shift();
  }
  const download = attachmentName(path.transformation, asset);
  const headers: Record<string, string> = {
    "Content-Type": CONTENT_TYPES[asset.format] ?? "application/octet-stream",
    "Content-Length": String(asset.bytes.length),
    "Cache-Control": "public, max-age=2592000",
    ...(download ? { "Content-Disposition": `attachment; filename="${download}"` } : {}),
  };
  if (ctx.method === "HEAD") return sendEmpty(ctx, 200, headers);
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  if (ctx.entry) ctx.entry.status = 200;
  ctx.res.writeHead(200, headers);
  ctx.res.end(asset.bytes);
}
