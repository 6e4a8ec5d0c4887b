// Cloudinary's request signature, checked as Cloudinary documents it
// (cloudinary.com/documentation/authentication_signatures): every parameter sent
// except file, cloud_name, resource_type, api_key and the signature itself, with
// empty values left out, sorted by name, joined as name=value with "&", an "&"
// inside a value written as "%26" (signature version 2, what the SDKs send), the
// API secret appended, and the SHA-1 (40 hex digits) or SHA-256 (64) of the whole.
// Delivery URLs are signed with s--<8 characters>--: the first 8 characters of
// the URL-safe base64 SHA-1 of "<transformation>/<public id>" + the API secret.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const UNSIGNED_PARAMS = new Set(["file", "cloud_name", "resource_type", "api_key", "signature"]);

export function stringToSign(params: Record<string, string>): string {
  return Object.entries(params)
    .filter(([k, v]) => !UNSIGNED_PARAMS.has(k) && v !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`.replace(/&/g, "%26"))
    .join("&");
}

export function requestSignature(toSign: string, secret: string, algorithm: "sha1" | "sha256"): string {
  return createHash(algorithm).update(toSign + secret).digest("hex");
}

export function algorithmOf(signature: string): "sha1" | "sha256" | null {
  if (/^[0-9a-f]{40}$/i.test(signature)) return "sha1";
  if (/^[0-9a-f]{64}$/i.test(signature)) return "sha256";
  return null;
}

export function deliverySignature(toSign: string, secret: string): string {
  return createHash("sha1").update(toSign + secret).digest("base64").slice(0, 8).replace(/\//g, "_").replace(/\+/g, "-");
}

/** Constant-time and length-blind: both sides are hashed to the same size first. */
export function same(a: string, b: string): boolean {
  const ha = createHmac("sha256", "cloudinary-sandbox-compare").update(a).digest();
  const hb = createHmac("sha256", "cloudinary-sandbox-compare").update(b).digest();
  return timingSafeEqual(ha, hb);
}
