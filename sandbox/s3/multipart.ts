// Multipart uploads: CreateMultipartUpload, UploadPart, CompleteMultipartUpload
// (parts in ascending order, each ETag matching, every part but the last at least
// 5 MiB, as S3 requires) and AbortMultipartUpload.
import { createHash, randomBytes } from "node:crypto";
import type { Ctx } from "../core/context";
import { invalidArgument, malformedXml, noSuchUpload, type S3ErrorSpec } from "./errors";
import { md5Etag, objectHeaders } from "./objects";
import type { Payload } from "./payload";
import { sendNothing, sendXml } from "./respond";
import type { Bucket } from "./state";
import { many, parseRoot } from "./xml";

export const MIN_PART_BYTES = 5 * 1024 * 1024;

const param = (ctx: Ctx, name: string) => (typeof ctx.query[name] === "string" ? (ctx.query[name] as string) : "");

export function createMultipartUpload(ctx: Ctx, bucket: Bucket, key: string): void {
  const id = randomBytes(32).toString("base64url");
  bucket.uploads.set(id, { id, key, ...objectHeaders(ctx), initiatedMs: ctx.rt.clock.now(), parts: new Map() });
  sendXml(ctx, "InitiateMultipartUploadResult", { Bucket: bucket.name, Key: key, UploadId: id });
}

function uploadOf(ctx: Ctx, bucket: Bucket, key: string) {
  const u = bucket.uploads.get(param(ctx, "uploadId"));
  return u && u.key === key ? u : null;
}

export function uploadPart(ctx: Ctx, bucket: Bucket, key: string, payload: Payload): S3ErrorSpec | void {
  const number = Number(param(ctx, "partNumber"));
  if (!Number.isInteger(number) || number < 1 || number > 10000) return invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", param(ctx, "partNumber"));
  const upload = uploadOf(ctx, bucket, key);
  if (!upload) return noSuchUpload(param(ctx, "uploadId"));
  const etag = md5Etag(payload.body);
  upload.parts.set(number, { number, body: payload.body, etag });
  sendNothing(ctx, 200, { ETag: etag, ...Object.fromEntries(Object.entries(payload.checksums).map(([a, v]) => [`x-amz-checksum-${a}`, v])) });
}

export function completeMultipartUpload(ctx: Ctx, bucket: Bucket, key: string, payload: Payload): S3ErrorSpec | void {
  const upload = uploadOf(ctx, bucket, key);
  if (!upload) return noSuchUpload(param(ctx, "uploadId"));
  const doc = parseRoot(payload.body, "CompleteMultipartUpload");
  const listed = many(doc?.Part).map((p) => {
    const o = (p ?? {}) as Record<string, unknown>;
    return { number: Number(o.PartNumber), etag: String(o.ETag ?? "").replace(/"/g, "") };
  });
  if (!doc || listed.length === 0 || listed.some((p) => !Number.isInteger(p.number))) return malformedXml();
  const invalidPart: S3ErrorSpec = {
    status: 400,
    code: "InvalidPart",
    message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
  };
  const parts = [];
  for (const [i, p] of listed.entries()) {
    if (i > 0 && p.number <= listed[i - 1]!.number) return { status: 400, code: "InvalidPartOrder", message: "The list of parts was not in ascending order. Parts must be ordered by part number." };
    const part = upload.parts.get(p.number);
    if (!part || part.etag.replace(/"/g, "") !== p.etag) return { ...invalidPart, details: { UploadId: upload.id, PartNumber: String(p.number), ETag: p.etag } };
    parts.push(part);
  }
  const small = parts.slice(0, -1).find((p) => p.body.length < MIN_PART_BYTES);
  if (small) {
    return {
      status: 400,
      code: "EntityTooSmall",
      message: "Your proposed upload is smaller than the minimum allowed object size.",
      details: { ProposedSize: String(small.body.length), MinSizeAllowed: String(MIN_PART_BYTES), PartNumber: String(small.number), ETag: small.etag },
    };
  }
  const md5s = Buffer.concat(parts.map((p) => Buffer.from(p.etag.replace(/"/g, ""), "hex")));
  const etag = `"${createHash("md5").update(md5s).digest("hex")}-${parts.length}"`;
  bucket.objects.set(key, {
    key,
    body: Buffer.concat(parts.map((p) => p.body)),
    etag,
    lastModifiedMs: ctx.rt.clock.now(),
    contentType: upload.contentType,
    metadata: upload.metadata,
    stored: upload.stored,
    checksums: {},
  });
  bucket.uploads.delete(upload.id);
  const location = `${ctx.rt.url}/s3/${bucket.name}/${key.split("/").map(encodeURIComponent).join("/")}`;
  sendXml(ctx, "CompleteMultipartUploadResult", { Location: location, Bucket: bucket.name, Key: key, ETag: etag });
}

export function abortMultipartUpload(ctx: Ctx, bucket: Bucket, key: string): S3ErrorSpec | void {
  const upload = uploadOf(ctx, bucket, key);
  if (!upload) return noSuchUpload(param(ctx, "uploadId"));
  bucket.uploads.delete(upload.id);
  sendNothing(ctx, 204);
}
