// Payrexx's ApiSignature (https://developers.payrexx.com/reference/rest-api,
// "Authentication - API signature"): base64 of the binary HMAC-SHA256, keyed by the
// instance's API secret, of PHP's http_build_query($params, null, '&') over every
// parameter except `instance`. Nested values are flattened the way PHP flattens them
// (fields[email][value]=…, basket[0][name]=…), in the order they are sent.
import { createHmac } from "node:crypto";

export type ParamValue = string | number | boolean | null | undefined | ParamValue[] | { [key: string]: ParamValue };

/** PHP's urlencode(): letters, digits and -_. stay, a space is "+", all else %XX. */
export function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** http_build_query's flattening: nulls left out, booleans as 1 and 0. */
export function flattenParams(params: Record<string, ParamValue>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (key: string, v: ParamValue) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) return v.forEach((item, i) => walk(`${key}[${i}]`, item));
    if (typeof v === "object") return Object.entries(v).forEach(([k, item]) => walk(`${key}[${k}]`, item));
    out.push([key, typeof v === "boolean" ? (v ? "1" : "0") : String(v)]);
  };
  for (const [k, v] of Object.entries(params)) walk(k, v);
  return out;
}

export function apiSignature(secret: string, pairs: Array<[string, string]>): string {
  const query = pairs.map(([k, v]) => `${phpUrlencode(k)}=${phpUrlencode(v)}`).join("&");
  return createHmac("sha256", secret).update(query, "utf8").digest("base64");
}

/** The request's own encoding: RFC 3986, as Payrexx asks of payloads ("spaces percent encoded %20"). */
export function formEncode(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}
