// Bucket-level operations: HeadBucket and the CORS configuration (Get, Put, Delete).
import type { Ctx } from "../core/context";
import { malformedXml, type S3ErrorSpec } from "./errors";
import type { Payload } from "./payload";
import { sendNothing, sendXml } from "./respond";
import type { Bucket, CorsRule } from "./state";
import { many, parseRoot } from "./xml";

export const CORS_METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"];

export function headBucket(ctx: Ctx, bucket: Bucket): void {
  sendNothing(ctx, 200, { "x-amz-bucket-region": bucket.region, "x-amz-access-point-alias": "false" });
}

export function corsXml(rules: CorsRule[]) {
  return {
    CORSRule: rules.map((r) => ({ ID: r.id, AllowedHeader: r.allowedHeaders, AllowedMethod: r.allowedMethods, AllowedOrigin: r.allowedOrigins, ExposeHeader: r.exposeHeaders, MaxAgeSeconds: r.maxAgeSeconds })),
  };
}

export function getBucketCors(ctx: Ctx, bucket: Bucket): S3ErrorSpec | void {
  if (!bucket.cors?.length) return { status: 404, code: "NoSuchCORSConfiguration", message: "The CORS configuration does not exist", details: { BucketName: bucket.name } };
  sendXml(ctx, "CORSConfiguration", corsXml(bucket.cors));
}

/** Rules as S3 validates them, from the XML body or from the control API's JSON; a string is S3's reason to refuse. */
export function checkCorsRules(rules: CorsRule[]): S3ErrorSpec | null {
  if (rules.length === 0 || rules.length > 100) return malformedXml();
  for (const r of rules) {
    if (r.allowedOrigins.length === 0 || r.allowedMethods.length === 0) return malformedXml();
    const unsupported = r.allowedMethods.find((m) => !CORS_METHODS.includes(m));
    if (unsupported) return { status: 400, code: "InvalidRequest", message: `Found unsupported HTTP method in CORS config. Unsupported method is ${unsupported}` };
    const wild = r.allowedOrigins.find((o) => o.split("*").length > 2);
    if (wild) return { status: 400, code: "InvalidRequest", message: `AllowedOrigin "${wild}" can not have more than one wildcard.` };
  }
  return null;
}

const strings = (v: unknown) => many(v).map(String);

export function putBucketCors(ctx: Ctx, bucket: Bucket, payload: Payload): S3ErrorSpec | void {
  const doc = parseRoot(payload.body, "CORSConfiguration");
  if (!doc) return malformedXml();
  const rules: CorsRule[] = many(doc.CORSRule).map((raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    return {
      id: r.ID === undefined ? undefined : String(r.ID),
      allowedOrigins: strings(r.AllowedOrigin),
      allowedMethods: strings(r.AllowedMethod),
      allowedHeaders: strings(r.AllowedHeader),
      exposeHeaders: strings(r.ExposeHeader),
      maxAgeSeconds: r.MaxAgeSeconds === undefined ? undefined : Number(r.MaxAgeSeconds),
    };
  });
  const refused = checkCorsRules(rules);
  if (refused) return refused;
  bucket.cors = rules;
  sendNothing(ctx, 200);
}

export function deleteBucketCors(ctx: Ctx, bucket: Bucket): void {
  bucket.cors = null;
  sendNothing(ctx, 204);
}
