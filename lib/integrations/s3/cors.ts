// The CORS rule a bucket needs so browsers on the app's origin may upload to it
// straight (a presigned PUT with its Content-Type header), in words and as the
// JSON the AWS console, R2 and Spaces take.

/** The rule to add, in the JSON the AWS console, R2 and Spaces take. */
export function corsRuleFor(origin: string): string {
  return JSON.stringify([{ AllowedOrigins: [origin], AllowedMethods: ["PUT", "GET"], AllowedHeaders: ["content-type"], MaxAgeSeconds: 3600 }]);
}

/** In words, for an admin whose bucket refuses the app's browser uploads. */
export function corsAdvice(bucket: string, origin: string, hasRules: boolean): string {
  const now = hasRules ? `The CORS rules of bucket "${bucket}" do not allow PUT from ${origin} with a Content-Type header` : `Bucket "${bucket}" has no CORS rules, so browsers on ${origin} may not upload to it`;
  return `${now}. Browser uploads (attendees' files, event materials, cover images) go straight from the browser to the bucket and need it; add this CORS rule to the bucket, then test again: ${corsRuleFor(origin)}`;
}
