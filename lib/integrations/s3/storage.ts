// The storage capability on an S3 bucket. Object keys are Switchboard's own
// (org/<org>/<purpose>/<file id>) and are used as given. Signing a link is local
// computation, so readUrl and uploadTarget make no request; everything else goes
// through the one call policy.
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { ProviderCallError } from "../contract";
import type { StorageCapability } from "../contract/storage";
import { s3Client } from "./client";
import { contentDisposition } from "./disposition";
import type { S3Context } from "./manifest";

/** SigV4 presigned URLs live at most seven days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const isKind = (err: unknown, kind: string) => err instanceof ProviderCallError && err.failure.kind === kind;

/** S3 refuses a range on an empty object (416 InvalidRange); there is simply nothing to read. */
const isEmptyRange = (err: unknown) => err instanceof ProviderCallError && (err.failure.status === 416 || /InvalidRange/.test(err.failure.message));

function expiry(seconds: number): number {
  return Math.min(MAX_PRESIGN_SECONDS, Math.max(1, Math.floor(seconds)));
}

export const s3Storage: StorageCapability<S3Context> = {
  async put(ctx, key, body, meta) {
    await ctx.call("objects.put", (abortSignal) =>
      s3Client(ctx).send(
        new PutObjectCommand({
          Bucket: ctx.credentials.bucket,
          Key: key,
          Body: body,
          ContentType: meta.contentType,
          ContentLength: body.byteLength,
          ContentDisposition: contentDisposition(meta.filename, false),
        }),
        { abortSignal },
      ),
    );
  },

  async get(ctx, key, opts = {}) {
    const range = opts.maxBytes !== undefined ? `bytes=0-${Math.max(0, opts.maxBytes - 1)}` : undefined;
    try {
      return await ctx.call("objects.get", async (abortSignal) => {
        const res = await s3Client(ctx).send(new GetObjectCommand({ Bucket: ctx.credentials.bucket, Key: key, Range: range }), { abortSignal });
        const bytes = res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
        // A service that ignores Range still sends no more than asked for to the caller.
        return opts.maxBytes !== undefined && bytes.byteLength > opts.maxBytes ? bytes.subarray(0, opts.maxBytes) : bytes;
      });
    } catch (err) {
      if (range && isEmptyRange(err)) return new Uint8Array();
      throw err;
    }
  },

  async head(ctx, key) {
    try {
      const res = await ctx.call("objects.head", (abortSignal) => s3Client(ctx).send(new HeadObjectCommand({ Bucket: ctx.credentials.bucket, Key: key }), { abortSignal }));
      return { size: res.ContentLength ?? 0, contentType: res.ContentType ?? "application/octet-stream" };
    } catch (err) {
      if (isKind(err, "not_found")) return null;
      throw err;
    }
  },

  async delete(ctx, key) {
    try {
      await ctx.call("objects.delete", (abortSignal) => s3Client(ctx).send(new DeleteObjectCommand({ Bucket: ctx.credentials.bucket, Key: key }), { abortSignal }));
    } catch (err) {
      // S3 itself answers 204 for a missing key; some compatible services say NoSuchKey.
      if (!isKind(err, "not_found")) throw err;
    }
  },

  async list(ctx, prefix) {
    const out: Array<{ key: string; size: number }> = [];
    let token: string | undefined;
    do {
      const page = await ctx.call("objects.list", (abortSignal) =>
        s3Client(ctx).send(new ListObjectsV2Command({ Bucket: ctx.credentials.bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  },

  readUrl(ctx, key, opts) {
    const command = new GetObjectCommand({
      Bucket: ctx.credentials.bucket,
      Key: key,
      ResponseContentType: opts.contentType,
      ResponseContentDisposition: contentDisposition(opts.filename, opts.download),
    });
    return getSignedUrl(s3Client(ctx), command, { expiresIn: expiry(opts.expiresInSeconds) });
  },

  async uploadTarget(ctx, key, opts) {
    const command = new PutObjectCommand({ Bucket: ctx.credentials.bucket, Key: key, ContentType: opts.contentType, ContentLength: opts.size });
    // Both headers are part of the signature, so the bucket refuses a body of any other size or type.
    const url = await getSignedUrl(s3Client(ctx), command, { expiresIn: expiry(opts.expiresInSeconds), signableHeaders: new Set(["content-type", "content-length"]) });
    // The browser sets Content-Length itself from the body (a script may not), so only the type is handed over.
    return { method: "PUT", url, headers: { "content-type": opts.contentType } };
  },
};
