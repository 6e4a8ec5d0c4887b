// One S3 request, path-style under /s3/<bucket>/<key>: CORS preflight first (it
// carries no signature), then the operation the Smithy model says it is, the
// signature, the model's checks, the bucket and the key's rights, the body's
// integrity, and finally the operation itself.
import type { Ctx } from "../core/context";
import { safeDecode } from "../core/path-template";
import { record } from "../core/record";
import type { ValidationOutcome } from "../core/validation-outcome";
import { deleteBucketCors, getBucketCors, headBucket, putBucketCors } from "./bucket";
import { corsHeaders, preflight } from "./cors";
import { accessDenied, idHeaders, invalidArgument, malformedXml, noSuchBucket, s3Error, type S3ErrorSpec } from "./errors";
import { listBuckets, listObjectsV2 } from "./list";
import { checkRequest, matchOperation, S3_SPEC, type Operation, type RequestShape, type S3Model } from "./model";
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, uploadPart } from "./multipart";
import { deleteObject, getObject, putObject } from "./objects";
import { readPayload, type Payload } from "./payload";
import { sendRaw } from "./respond";
import { authenticate } from "./sigv4";
import { S3_STATE, type AccessKey, type Bucket } from "./state";

/** The operations the sandbox carries out; the model knows many more, which answer NotImplemented. */
const WRITES = new Set(["PutObject", "DeleteObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload", "PutBucketCors", "DeleteBucketCors"]);
const READS = new Set(["GetObject", "HeadObject", "ListObjectsV2", "HeadBucket", "GetBucketCors", "ListBuckets"]);
const WITH_BODY = new Set(["PutObject", "UploadPart", "CompleteMultipartUpload", "PutBucketCors"]);

/**
 * Without the specs folder the sandbox still routes the operations it carries out
 * (as every module keeps working unvalidated); only the model's checks are skipped.
 */
const UNVALIDATED: S3Model = {
  operations: (
    [
      ["PutObject", "PUT", "object", []],
      ["UploadPart", "PUT", "object", []],
      ["GetObject", "GET", "object", []],
      ["HeadObject", "HEAD", "object", []],
      ["DeleteObject", "DELETE", "object", []],
      ["AbortMultipartUpload", "DELETE", "object", []],
      ["CreateMultipartUpload", "POST", "object", [["uploads", null]]],
      ["CompleteMultipartUpload", "POST", "object", []],
      ["ListObjectsV2", "GET", "bucket", [["list-type", "2"]]],
      ["HeadBucket", "HEAD", "bucket", []],
      ["GetBucketCors", "GET", "bucket", [["cors", null]]],
      ["PutBucketCors", "PUT", "bucket", [["cors", null]]],
      ["DeleteBucketCors", "DELETE", "bucket", [["cors", null]]],
      ["ListBuckets", "GET", "service", []],
    ] as const
  ).map(([name, method, target, literals]) => ({
    name,
    method,
    target,
    literals: literals.map(([k, v]) => [k, v] as [string, string | null]),
    headers: [],
    query: ["UploadPart", "AbortMultipartUpload", "CompleteMultipartUpload"].includes(name)
      ? [{ member: "UploadId", in: "query" as const, name: "uploadId", required: true, scalar: { kind: "string" as const } }]
      : [],
    payloadRequired: false,
  })),
};

interface Address {
  target: Operation["target"];
  bucket: string;
  key: string;
}

function address(subpath: string): Address {
  const [, bucket = "", ...rest] = subpath.split("/");
  const key = rest.join("/");
  if (!bucket) return { target: "service", bucket: "", key: "" };
  return { target: rest.length && key ? "object" : "bucket", bucket: safeDecode(bucket), key: safeDecode(key) };
}

function shapeOf(ctx: Ctx, target: Operation["target"]): RequestShape {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(ctx.req.headers)) headers[k] = Array.isArray(v) ? v.join(",") : v;
  const query = Object.fromEntries(Object.entries(ctx.query).filter(([k]) => !k.startsWith("X-Amz-")));
  return { method: ctx.method, target, headers, query, hasBody: ctx.raw.length > 0 };
}

function mayUse(key: AccessKey, bucket: string, operation: string): boolean {
  if (key.access === "none") return false;
  if (bucket && !key.buckets.includes("*") && !key.buckets.includes(bucket)) return false;
  return !WRITES.has(operation) || key.access === "read-write";
}

function answerPreflight(ctx: Ctx, bucket: Bucket | undefined, name: string): void {
  record(ctx, "s3 PreflightRequest");
  if (!bucket) return s3Error(ctx, noSuchBucket(name));
  const p = preflight(ctx, bucket);
  if (p.allowed) return sendRaw(ctx, 200, { ...p.headers, "Content-Length": 0 }, null);
  if (p.reason === "incomplete") return s3Error(ctx, { status: 400, code: "BadRequest", message: "Insufficient information. Origin request header needed." });
  const message =
    p.reason === "disabled"
      ? "CORSResponse: CORS is not enabled for this bucket."
      : "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
  s3Error(ctx, { status: 403, code: "AccessForbidden", message, details: { Method: String(ctx.req.headers["access-control-request-method"] ?? ""), ResourceType: "BUCKET" } });
}

function refusalFor(op: Operation, issues: ValidationOutcome["issues"]): S3ErrorSpec {
  const first = issues[0]!;
  if (first.location === "body") return { ...malformedXml(), message: `${malformedXml().message} (${first.message})` };
  if (first.rule === "required") return { status: 400, code: "InvalidRequest", message: `Missing required ${first.location === "header" ? "header" : "parameter"} for this request: ${first.path}` };
  return invalidArgument(first.message, first.path, undefined);
}

async function run(ctx: Ctx, op: Operation, bucket: Bucket, key: string, payload: Payload | null): Promise<S3ErrorSpec | void> {
  switch (op.name) {
    case "PutObject":
      return putObject(ctx, bucket, key, payload!);
    case "GetObject":
    case "HeadObject":
      return getObject(ctx, bucket, key);
    case "DeleteObject":
      return deleteObject(ctx, bucket, key);
    case "ListObjectsV2":
      return listObjectsV2(ctx, bucket);
    case "CreateMultipartUpload":
      return createMultipartUpload(ctx, bucket, key);
    case "UploadPart":
      return uploadPart(ctx, bucket, key, payload!);
    case "CompleteMultipartUpload":
      return completeMultipartUpload(ctx, bucket, key, payload!);
    case "AbortMultipartUpload":
      return abortMultipartUpload(ctx, bucket, key);
    case "HeadBucket":
      return headBucket(ctx, bucket);
    case "GetBucketCors":
      return getBucketCors(ctx, bucket);
    case "PutBucketCors":
      return putBucketCors(ctx, bucket, payload!);
    case "DeleteBucketCors":
      return deleteBucketCors(ctx, bucket);
  }
}

export async function handleS3(ctx: Ctx): Promise<void> {
  const state = S3_STATE.of(ctx.rt);
  const where = address(ctx.subpath);
  const bucket = state.buckets.get(where.bucket);
  for (const [k, v] of Object.entries({ ...idHeaders(ctx), ...corsHeaders(ctx, bucket) })) ctx.res.setHeader(k, v);
  if (ctx.method === "OPTIONS" && where.target !== "service") return answerPreflight(ctx, bucket, where.bucket);

  const validated = await ctx.rt.specs.load(S3_SPEC);
  const shape = shapeOf(ctx, where.target);
  const op = matchOperation(validated ?? UNVALIDATED, shape);
  if (!op) {
    record(ctx, null);
    return s3Error(ctx, { status: 405, code: "MethodNotAllowed", message: "The specified method is not allowed against this resource.", details: { Method: ctx.method, ResourceType: where.target === "object" ? "OBJECT" : "BUCKET" } });
  }
  const issues = validated ? checkRequest(op, shape) : [];
  record(ctx, `s3 ${op.name}`, { checked: validated !== null, issues, notes: [] });

  const auth = await authenticate(ctx, state);
  if ("code" in auth) return s3Error(ctx, auth);
  if (!WRITES.has(op.name) && !READS.has(op.name)) {
    return s3Error(ctx, { status: 501, code: "NotImplemented", message: `A header you provided implies functionality that is not implemented (the sandbox does not emulate ${op.name})` });
  }
  if (issues.length) return s3Error(ctx, refusalFor(op, issues));
  if (where.target === "service") return auth.key.access === "none" ? s3Error(ctx, accessDenied()) : listBuckets(ctx, state, auth.key);
  if (!bucket) return s3Error(ctx, noSuchBucket(where.bucket));
  if (!mayUse(auth.key, bucket.name, op.name)) return s3Error(ctx, accessDenied());
  if (Buffer.byteLength(where.key) > 1024) return s3Error(ctx, { status: 400, code: "KeyTooLongError", message: "Your key is too long", details: { Size: String(Buffer.byteLength(where.key)), MaxSizeAllowed: "1024" } });

  let payload: Payload | null = null;
  if (WITH_BODY.has(op.name)) {
    const read = readPayload(ctx, auth.payloadHash);
    if ("code" in read) return s3Error(ctx, read);
    payload = read;
  }
  const refused = await run(ctx, op, bucket, where.key, payload);
  if (refused) s3Error(ctx, refused);
}
