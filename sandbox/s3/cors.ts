// Cross-origin access as S3 evaluates it from a bucket's CORS rules: the first rule
// whose AllowedOrigin (one "*" wildcard allowed), AllowedMethod and AllowedHeader
// cover the request decides; a preflight no rule covers is refused with 403, and
// an actual request gets the Access-Control-* headers only when a rule covers it.
import type { Ctx } from "../core/context";
import type { Bucket, CorsRule } from "./state";

function wildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  const escaped = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${escaped}$`, caseInsensitive ? "i" : "").test(value);
}

export function matchingRule(bucket: Bucket, origin: string, method: string, requestHeaders: string[]): CorsRule | null {
  for (const rule of bucket.cors ?? []) {
    if (!rule.allowedOrigins.some((o) => wildcard(o, origin))) continue;
    if (!rule.allowedMethods.includes(method)) continue;
    if (!requestHeaders.every((h) => rule.allowedHeaders.some((a) => wildcard(a, h, true)))) continue;
    return rule;
  }
  return null;
}

function headersFor(rule: CorsRule, origin: string, method: string, requestHeaders: string[], preflight: boolean): Record<string, string> {
  const any = rule.allowedOrigins.includes("*");
  const out: Record<string, string> = {
    "Access-Control-Allow-Origin": any ? "*" : origin,
    "Access-Control-Allow-Methods": preflight ? rule.allowedMethods.join(", ") : method,
    Vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
  };
  if (!any) out["Access-Control-Allow-Credentials"] = "true";
  if (preflight && requestHeaders.length) out["Access-Control-Allow-Headers"] = requestHeaders.join(", ");
  if (rule.exposeHeaders.length) out["Access-Control-Expose-Headers"] = rule.exposeHeaders.join(", ");
  if (preflight && rule.maxAgeSeconds !== undefined) out["Access-Control-Max-Age"] = String(rule.maxAgeSeconds);
  return out;
}

const listOf = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v.join(",") : (v ?? ""))
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

export type Preflight = { allowed: true; headers: Record<string, string> } | { allowed: false; reason: "incomplete" | "disabled" | "refused" };

/** An OPTIONS request as S3 answers it, before any authentication. */
export function preflight(ctx: Ctx, bucket: Bucket): Preflight {
  const origin = ctx.req.headers.origin;
  const method = ctx.req.headers["access-control-request-method"];
  if (!origin || typeof method !== "string") return { allowed: false, reason: "incomplete" };
  if (!bucket.cors?.length) return { allowed: false, reason: "disabled" };
  const requested = listOf(ctx.req.headers["access-control-request-headers"]);
  const rule = matchingRule(bucket, origin, method.toUpperCase(), requested);
  return rule ? { allowed: true, headers: headersFor(rule, origin, method.toUpperCase(), requested, true) } : { allowed: false, reason: "refused" };
}

/** The Access-Control-* headers for an actual request from a browser, or none. */
export function corsHeaders(ctx: Ctx, bucket: Bucket | undefined): Record<string, string> {
  const origin = ctx.req.headers.origin;
  if (!origin || !bucket) return {};
  const rule = matchingRule(bucket, origin, ctx.method, []);
  return rule ? headersFor(rule, origin, ctx.method, [], false) : {};
}
