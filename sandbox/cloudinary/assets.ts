// Stored images as Cloudinary describes them in its answers (the upload response
// and the Admin API's resource), with the delivery URLs that serve them here.
import { fileTypeFromBuffer } from "file-type";
import type { Runtime } from "../core/context";
import type { Asset } from "./state";

/** Cloudinary's format names for the image types it recognises from bytes. */
const FORMATS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/avif": "avif",
  "image/bmp": "bmp",
  "image/tiff": "tiff",
  "image/heic": "heic",
};

export const CONTENT_TYPES: Record<string, string> = Object.fromEntries(Object.entries(FORMATS).map(([mime, format]) => [format, mime]));

/** The image's format read from its bytes, as Cloudinary reads it; null: not an image it takes. */
export async function imageFormat(bytes: Buffer): Promise<string | null> {
  const found = await fileTypeFromBuffer(bytes);
  return found ? (FORMATS[found.mime] ?? null) : null;
}

export function deliveryUrl(rt: Runtime, a: Asset): string {
  return `${rt.url}/cloudinary/${a.cloud}/image/upload/v${a.version}/${a.publicId.split("/").map(encodeURIComponent).join("/")}.${a.format}`;
}

/** The fields Cloudinary's upload response and Admin API resource share. */
export function resourceView(rt: Runtime, a: Asset) {
  const url = deliveryUrl(rt, a);
  return {
    asset_id: a.assetId,
    public_id: a.publicId,
    format: a.format,
    version: a.version,
    resource_type: "image",
    type: "upload",
    created_at: a.createdAt,
    bytes: a.bytes.length,
    placeholder: false,
    access_mode: "public",
    tags: [] as string[],
    url,
    secure_url: url,
  };
}
