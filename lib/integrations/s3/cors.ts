// Whether a bucket's CORS rules let a browser on the app's origin PUT a file with
// its Content-Type header, as S3 decides it: a rule matches when it allows the
// method, the origin and every requested header, where an origin or header may
// hold one "*" wildcard.
import type { CORSRule } from "@aws-sdk/client-s3";

function wildcardMatch(pattern: string, value: string): boolean {
  const p = pattern.toLowerCase();
  const v = value.toLowerCase();
  const star = p.indexOf("*");
  if (star < 0) return p === v;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

export function allowsBrowserPut(rules: readonly CORSRule[], origin: string): boolean {
  return rules.some(
    (r) =>
      (r.AllowedMethods ?? []).some((m) => m.toUpperCase() === "PUT") &&
      (r.AllowedOrigins ?? []).some((o) => wildcardMatch(o, origin)) &&
      (r.AllowedHeaders ?? []).some((h) => wildcardMatch(h, "content-type")),
  );
}

/** The rule to add, in the JSON the AWS console, R2 and Spaces take. */
export function corsRuleFor(origin: string): string {
  return JSON.stringify([{ AllowedOrigins: [origin], AllowedMethods: ["PUT", "GET"], AllowedHeaders: ["content-type"], MaxAgeSeconds: 3600 }]);
}

/** In words, for an admin whose bucket refuses the app's browser uploads. */
export function corsAdvice(bucket: string, origin: string, hasRules: boolean): string {
  const now = hasRules ? `The CORS rules of bucket "${bucket}" do not allow PUT from ${origin} with a Content-Type header` : `Bucket "${bucket}" has no CORS rules, so browsers on ${origin} may not upload to it`;
  return `${now}. Browser uploads (attendees' files, event materials, cover images) go straight from the browser to the bucket and need it; add this CORS rule to the bucket, then test again: ${corsRuleFor(origin)}`;
}
