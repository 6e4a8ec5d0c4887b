// Payrexx's request authentication, checked as Payrexx documents it
// (https://developers.payrexx.com/reference/rest-api, "Authentication"):
//  - ApiSignature: base64 of the binary HMAC-SHA256, keyed by the instance's API secret,
//    of http_build_query($params, null, '&') over every parameter except `instance`
//    (and the signature itself). PHP's http_build_query encodes like urlencode():
//    letters, digits and -_. stay, a space becomes +, everything else is %XX.
//  - X-API-KEY: the API secret itself in a header (the newer, "recommended" way).
// The parameters are re-encoded in the order they arrived, as a PHP server that
// decodes them into $params and re-encodes them would.
import { createHmac, timingSafeEqual } from "node:crypto";

/** PHP's urlencode(): RFC 1738, so "+" for spaces and %7E for "~". */
export function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

export function queryForSignature(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${phpUrlencode(k)}=${phpUrlencode(v)}`).join("&");
}

export function apiSignature(secret: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  return createHmac("sha256", secret).update(queryForSignature(pairs), "utf8").digest("base64");
}

/** Constant-time, and length-blind: both sides are hashed to the same size first. */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHmac("sha256", "payrexx-sandbox-compare").update(a).digest();
  const hb = createHmac("sha256", "payrexx-sandbox-compare").update(b).digest();
  return timingSafeEqual(ha, hb);
}
