// The S3 emulation through the official client: objects (put, get with Range,
// head, delete), listing with prefixes, delimiters and continuation tokens,
// multipart uploads, the bucket's CORS configuration, and the refusals S3 gives.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketCorsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutBucketCorsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { control, requestsOf, resetSandbox, startTestSandbox } from "./helpers";
import { s3, s3Failure, SEED } from "./s3-helpers";

let sb: Sandbox;
const Bucket = SEED.bucket;

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => resetSandbox(sb));

describe("objects", () => {
  it("stores an object and returns its bytes, type, metadata and ETag", async () => {
    const client = s3(sb);
    const put = await client.send(new PutObjectCommand({ Bucket, Key: "org/1/covers/a b+c.png", Body: Buffer.from("png bytes"), ContentType: "image/png", Metadata: { owner: "org-1" }, CacheControl: "max-age=60" }));
    expect(put.ETag).toBe(`"${createHash("md5").update("png bytes").digest("hex")}"`);
    const got = await client.send(new GetObjectCommand({ Bucket, Key: "org/1/covers/a b+c.png" }));
    expect(await got.Body!.transformToString()).toBe("png bytes");
    expect(got.ContentType).toBe("image/png");
    expect(got.ContentLength).toBe(9);
    expect(got.Metadata).toEqual({ owner: "org-1" });
    expect(got.CacheControl).toBe("max-age=60");
    expect(got.ETag).toBe(put.ETag);
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: "org/1/covers/a b+c.png" }));
    expect(head.ContentLength).toBe(9);
    expect(head.ETag).toBe(put.ETag);
    const log = await requestsOf(sb, "s3");
    expect(log.map((r) => r.operation)).toEqual(["s3 PutObject", "s3 GetObject", "s3 HeadObject"]);
    expect(log.every((r) => r.validation.checked && r.validation.issues.length === 0)).toBe(true);
  });

  it("takes a streamed body sent aws-chunked with a CRC32 trailer", async () => {
    const client = s3(sb);
    const data = Buffer.alloc(200_000, "x");
    await client.send(new PutObjectCommand({ Bucket, Key: "stream.bin", Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), ContentLength: data.length }));
    const got = await client.send(new GetObjectCommand({ Bucket, Key: "stream.bin" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
    // It travelled framed in chunks with a trailer, so more bytes arrived than the object holds.
    const [put] = await requestsOf(sb, "s3");
    expect((put!.body as { bytes: number }).bytes).toBeGreaterThan(data.length);
  });

  it("answers a Range with 206 and the bytes asked for, and refuses one past the end", async () => {
    const client = s3(sb);
    await client.send(new PutObjectCommand({ Bucket, Key: "r.txt", Body: "0123456789" }));
    const part = await client.send(new GetObjectCommand({ Bucket, Key: "r.txt", Range: "bytes=2-5" }));
    expect(part.$metadata.httpStatusCode).toBe(206);
    expect(part.ContentRange).toBe("bytes 2-5/10");
    expect(await part.Body!.transformToString()).toBe("2345");
    const tail = await client.send(new GetObjectCommand({ Bucket, Key: "r.txt", Range: "bytes=-3" }));
    expect(await tail.Body!.transformToString()).toBe("789");
    const err = await s3Failure(client.send(new GetObjectCommand({ Bucket, Key: "r.txt", Range: "bytes=20-30" })));
    expect(err.name).toBe("InvalidRange");
    expect(err.$metadata.httpStatusCode).toBe(416);
  });

  it("deletes an object; reading it then fails with NoSuchKey, heading it with 404", async () => {
    const client = s3(sb);
    await client.send(new PutObjectCommand({ Bucket, Key: "gone.txt", Body: "bye" }));
    const del = await client.send(new DeleteObjectCommand({ Bucket, Key: "gone.txt" }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    const err = await s3Failure(client.send(new GetObjectCommand({ Bucket, Key: "gone.txt" })));
    expect(err.name).toBe("NoSuchKey");
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
    const head = await s3Failure(client.send(new HeadObjectCommand({ Bucket, Key: "gone.txt" })));
    expect(head.$metadata.httpStatusCode).toBe(404);
    // Deleting what is not there is not an error in S3.
    expect((await client.send(new DeleteObjectCommand({ Bucket, Key: "gone.txt" }))).$metadata.httpStatusCode).toBe(204);
  });

  it("answers NoSuchBucket for a bucket that does not exist", async () => {
    const err = await s3Failure(s3(sb).send(new PutObjectCommand({ Bucket: "no-such-bucket", Key: "k", Body: "x" })));
    expect(err.name).toBe("NoSuchBucket");
    expect(err.$metadata.httpStatusCode).toBe(404);
    const head = await s3Failure(s3(sb).send(new HeadBucketCommand({ Bucket: "no-such-bucket" })));
    expect(head.$metadata.httpStatusCode).toBe(404);
    expect((await s3(sb).send(new HeadBucketCommand({ Bucket }))).BucketRegion).toBe("us-east-1");
  });
});

describe("listing", () => {
  beforeEach(async () => {
    const client = s3(sb);
    for (const key of ["a/1.txt", "a/2.txt", "a/sub/3.txt", "b/4.txt", "top.txt"]) await client.send(new PutObjectCommand({ Bucket, Key: key, Body: key }));
  });

  it("lists by prefix with sizes", async () => {
    const out = await s3(sb).send(new ListObjectsV2Command({ Bucket, Prefix: "a/" }));
    expect(out.Contents?.map((c) => [c.Key, c.Size])).toEqual([
      ["a/1.txt", 7],
      ["a/2.txt", 7],
      ["a/sub/3.txt", 11],
    ]);
    expect(out.KeyCount).toBe(3);
    expect(out.IsTruncated).toBe(false);
  });

  it("groups keys under a delimiter into common prefixes", async () => {
    const out = await s3(sb).send(new ListObjectsV2Command({ Bucket, Delimiter: "/" }));
    expect(out.Contents?.map((c) => c.Key)).toEqual(["top.txt"]);
    expect(out.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["a/", "b/"]);
    const inA = await s3(sb).send(new ListObjectsV2Command({ Bucket, Prefix: "a/", Delimiter: "/" }));
    expect(inA.Contents?.map((c) => c.Key)).toEqual(["a/1.txt", "a/2.txt"]);
    expect(inA.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["a/sub/"]);
  });

  it("pages with max-keys and continuation tokens, each key once", async () => {
    const client = s3(sb);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out: ListObjectsV2CommandOutput = await client.send(new ListObjectsV2Command({ Bucket, MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(out.Contents ?? []).map((c) => c.Key!), ...(out.CommonPrefixes ?? []).map((p) => p.Prefix!));
      token = out.NextContinuationToken;
      expect(out.IsTruncated).toBe(token !== undefined);
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(["a/1.txt", "a/2.txt", "a/sub/3.txt", "b/4.txt", "top.txt"]);

    const grouped: string[] = [];
    token = undefined;
    do {
      const out: ListObjectsV2CommandOutput = await client.send(new ListObjectsV2Command({ Bucket, MaxKeys: 1, Delimiter: "/", ContinuationToken: token }));
      grouped.push(...(out.Contents ?? []).map((c) => c.Key!), ...(out.CommonPrefixes ?? []).map((p) => p.Prefix!));
      token = out.NextContinuationToken;
    } while (token);
    expect(grouped).toEqual(["a/", "b/", "top.txt"]);
  });

  it("refuses a continuation token it did not issue", async () => {
    const err = await s3Failure(s3(sb).send(new ListObjectsV2Command({ Bucket, ContinuationToken: "not-a-token" })));
    expect(err.name).toBe("InvalidArgument");
    expect(err.$metadata.httpStatusCode).toBe(400);
  });
});

describe("multipart uploads", () => {
  const MiB = 1024 * 1024;

  it("assembles the parts in order into one object with a multipart ETag", async () => {
    const client = s3(sb);
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: "big.bin", ContentType: "application/pdf" }));
    const one = Buffer.alloc(5 * MiB, 1);
    const two = Buffer.from("the end");
    const p1 = await client.send(new UploadPartCommand({ Bucket, Key: "big.bin", UploadId, PartNumber: 1, Body: one }));
    const p2 = await client.send(new UploadPartCommand({ Bucket, Key: "big.bin", UploadId, PartNumber: 2, Body: two }));
    const done = await client.send(
      new CompleteMultipartUploadCommand({ Bucket, Key: "big.bin", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }),
    );
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: "big.bin" }));
    expect(head.ContentLength).toBe(one.length + two.length);
    expect(head.ContentType).toBe("application/pdf");
    const tail = await client.send(new GetObjectCommand({ Bucket, Key: "big.bin", Range: `bytes=${one.length}-` }));
    expect(await tail.Body!.transformToString()).toBe("the end");
  });

  it("refuses parts out of order, a wrong ETag, a small first part, and an unknown upload", async () => {
    const client = s3(sb);
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: "m.bin" }));
    const p1 = await client.send(new UploadPartCommand({ Bucket, Key: "m.bin", UploadId, PartNumber: 1, Body: "small" }));
    const p2 = await client.send(new UploadPartCommand({ Bucket, Key: "m.bin", UploadId, PartNumber: 2, Body: "parts" }));
    const complete = (Parts: Array<{ PartNumber: number; ETag?: string }>) => client.send(new CompleteMultipartUploadCommand({ Bucket, Key: "m.bin", UploadId, MultipartUpload: { Parts } }));
    expect((await s3Failure(complete([{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }]))).name).toBe("InvalidPartOrder");
    expect((await s3Failure(complete([{ PartNumber: 1, ETag: '"0000"' }]))).name).toBe("InvalidPart");
    expect((await s3Failure(complete([{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }]))).name).toBe("EntityTooSmall");
    await client.send(new AbortMultipartUploadCommand({ Bucket, Key: "m.bin", UploadId }));
    const gone = await s3Failure(client.send(new UploadPartCommand({ Bucket, Key: "m.bin", UploadId, PartNumber: 3, Body: "late" })));
    expect(gone.name).toBe("NoSuchUpload");
    expect(gone.$metadata.httpStatusCode).toBe(404);
    expect((await s3Failure(client.send(new HeadObjectCommand({ Bucket, Key: "m.bin" })))).$metadata.httpStatusCode).toBe(404);
  });
});

describe("bucket CORS configuration", () => {
  it("reads the seeded rules, replaces them, and refuses an unsupported method", async () => {
    const client = s3(sb);
    const seeded = await client.send(new GetBucketCorsCommand({ Bucket }));
    expect(seeded.CORSRules?.[0]?.AllowedOrigins).toContain("http://localhost:*");
    await client.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["https://events.example.test"], AllowedMethods: ["PUT"], AllowedHeaders: ["content-type"], MaxAgeSeconds: 60 }] } }));
    const now = await client.send(new GetBucketCorsCommand({ Bucket }));
    expect(now.CORSRules).toEqual([expect.objectContaining({ AllowedOrigins: ["https://events.example.test"], AllowedMethods: ["PUT"], AllowedHeaders: ["content-type"], MaxAgeSeconds: 60 })]);
    const err = await s3Failure(client.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*"], AllowedMethods: ["PATCH"] }] } })));
    expect(err.name).toBe("InvalidRequest");
    expect(err.message).toContain("PATCH");
  });

  it("answers NoSuchCORSConfiguration for a bucket without rules", async () => {
    expect((await control(sb, "POST", "s3/buckets", { name: "no-cors-bucket" })).status).toBe(201);
    const err = await s3Failure(s3(sb).send(new GetBucketCorsCommand({ Bucket: "no-cors-bucket" })));
    expect(err.name).toBe("NoSuchCORSConfiguration");
    expect(err.$metadata.httpStatusCode).toBe(404);
  });
});

describe("buckets", () => {
  it("lists the buckets a key may reach", async () => {
    expect((await control(sb, "POST", "s3/buckets", { name: "org-two-files" })).status).toBe(201);
    expect((await control(sb, "POST", "s3/buckets", { name: "Not_A_Bucket" })).status).toBe(400);
    const all = await s3(sb).send(new ListBucketsCommand({}));
    expect(all.Buckets?.map((b) => b.Name).sort()).toEqual(["org-two-files", Bucket]);
    const scoped = await control<{ accessKeyId: string; secretAccessKey: string }>(sb, "POST", "s3/keys", { buckets: ["org-two-files"] });
    const mine = await s3(sb, scoped.body).send(new ListBucketsCommand({}));
    expect(mine.Buckets?.map((b) => b.Name)).toEqual(["org-two-files"]);
  });
});

describe("without the specs folder", () => {
  it("still serves the operations it emulates, unvalidated", async () => {
    const bare = await startSandbox({ port: 0, specsDir: "/nonexistent-specs", log: () => {} });
    try {
      expect(bare.validating).toBe(false);
      const client = s3(bare);
      await client.send(new PutObjectCommand({ Bucket, Key: "plain.txt", Body: "plain" }));
      expect(await (await client.send(new GetObjectCommand({ Bucket, Key: "plain.txt" }))).Body!.transformToString()).toBe("plain");
      expect((await client.send(new ListObjectsV2Command({ Bucket }))).KeyCount).toBe(1);
      expect((await s3Failure(s3(bare, { ...SEED, secretAccessKey: "wrong" }).send(new GetObjectCommand({ Bucket, Key: "plain.txt" })))).name).toBe("SignatureDoesNotMatch");
    } finally {
      await bare.stop();
    }
  });
});
