// S3's doors: Signature V4 recomputed for every request (a wrong secret, an
// unknown key, a skewed clock, presigned URLs that expire or whose signed headers
// differ from what is sent), the key's rights, and the requests the Smithy model
// refuses, each answered with S3's own code and XML error body.
import { createHash } from "node:crypto";
import { GetObjectAclCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type StorageClass } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, requestsOf, resetSandbox, startTestSandbox } from "./helpers";
import { s3, s3Failure, SEED, xmlField } from "./s3-helpers";

let sb: Sandbox;
const Bucket = SEED.bucket;

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => resetSandbox(sb));

async function stored(key: string): Promise<boolean> {
  const out = await s3(sb).send(new ListObjectsV2Command({ Bucket, Prefix: key }));
  return (out.Contents ?? []).some((c) => c.Key === key);
}

async function mintKey(body: Record<string, unknown>) {
  const res = await control<{ accessKeyId: string; secretAccessKey: string }>(sb, "POST", "s3/keys", body);
  expect(res.status).toBe(201);
  return res.body;
}

describe("Signature V4", () => {
  it("refuses a request signed with the wrong secret with SignatureDoesNotMatch and stores nothing", async () => {
    const wrong = s3(sb, { accessKeyId: SEED.accessKeyId, secretAccessKey: "not-the-sandbox-secret" });
    const err = await s3Failure(wrong.send(new PutObjectCommand({ Bucket, Key: "forged.txt", Body: "forged" })));
    expect(err.name).toBe("SignatureDoesNotMatch");
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(await stored("forged.txt")).toBe(false);

    // The body is S3's XML error, with what S3 adds for this code.
    const url = await getSignedUrl(wrong, new GetObjectCommand({ Bucket, Key: "x.txt" }), { expiresIn: 60 });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/xml");
    expect(res.headers.get("x-amz-request-id")).toMatch(/^[0-9A-F]{16}$/);
    const body = await res.text();
    expect(body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>SignatureDoesNotMatch<\/Code>/);
    expect(xmlField(body, "AWSAccessKeyId")).toBe(SEED.accessKeyId);
    expect(xmlField(body, "RequestId")).toBe(res.headers.get("x-amz-request-id"));
    expect(body).not.toContain(SEED.secretAccessKey);
  });

  it("refuses a key id it does not know with InvalidAccessKeyId", async () => {
    const err = await s3Failure(s3(sb, { accessKeyId: "AKIANOSUCHKEY0000000", secretAccessKey: SEED.secretAccessKey }).send(new GetObjectCommand({ Bucket, Key: "a" })));
    expect(err.name).toBe("InvalidAccessKeyId");
    expect(err.$metadata.httpStatusCode).toBe(403);
  });

  it("refuses a request without any signature with AccessDenied", async () => {
    await s3(sb).send(new PutObjectCommand({ Bucket, Key: "private.txt", Body: "secret" }));
    const res = await fetch(`${sb.url}/s3/${Bucket}/private.txt`);
    expect(res.status).toBe(403);
    expect(xmlField(await res.text(), "Code")).toBe("AccessDenied");
  });

  it("refuses a body that does not match its signed SHA-256", async () => {
    const client = s3(sb);
    client.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { body: unknown };
        req.body = "tampered";
        return next(args);
      },
      { step: "finalizeRequest", priority: "low", name: "tamper" },
    );
    const err = await s3Failure(client.send(new PutObjectCommand({ Bucket, Key: "t.txt", Body: "original" })));
    expect(err.name).toBe("XAmzContentSHA256Mismatch");
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(await stored("t.txt")).toBe(false);
  });

  it("refuses a body whose CRC32 or Content-MD5 does not match, with BadDigest", async () => {
    const crc = await s3Failure(s3(sb).send(new PutObjectCommand({ Bucket, Key: "crc.txt", Body: "payload", ChecksumCRC32: "AAAAAA==" })));
    expect(crc.name).toBe("BadDigest");
    expect(crc.$metadata.httpStatusCode).toBe(400);
    const md5 = await s3Failure(s3(sb).send(new PutObjectCommand({ Bucket, Key: "md5.txt", Body: "payload", ContentMD5: createHash("md5").update("other").digest("base64") })));
    expect(md5.name).toBe("BadDigest");
    expect(await stored("crc.txt")).toBe(false);
    expect(await stored("md5.txt")).toBe(false);
    const right = createHash("md5").update("payload").digest("base64");
    await s3(sb).send(new PutObjectCommand({ Bucket, Key: "md5.txt", Body: "payload", ContentMD5: right }));
    expect(await stored("md5.txt")).toBe(true);
  });

  it("refuses a request whose time is more than 15 minutes from the sandbox's", async () => {
    await control(sb, "POST", "clock", { advanceSeconds: 20 * 60 });
    const err = await s3Failure(s3(sb).send(new GetObjectCommand({ Bucket, Key: "a" })));
    expect(err.name).toBe("RequestTimeTooSkewed");
    expect(err.$metadata.httpStatusCode).toBe(403);
  });
});

describe("presigned URLs", () => {
  it("lets a GET through until it expires, then answers AccessDenied: Request has expired", async () => {
    await s3(sb).send(new PutObjectCommand({ Bucket, Key: "ticket.pdf", Body: "%PDF-1.7", ContentType: "application/pdf" }));
    const url = await getSignedUrl(s3(sb), new GetObjectCommand({ Bucket, Key: "ticket.pdf" }), { expiresIn: 60 });
    expect(url).toContain("X-Amz-Signature=");
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/pdf");
    expect(await ok.text()).toBe("%PDF-1.7");

    await control(sb, "POST", "clock", { advanceSeconds: 61 });
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    const body = await expired.text();
    expect(xmlField(body, "Code")).toBe("AccessDenied");
    expect(xmlField(body, "Message")).toBe("Request has expired");
    expect(xmlField(body, "X-Amz-Expires")).toBe("60");
  });

  it("signs keys with spaces, plus signs and non-ASCII letters, and a PUT without signed headers", async () => {
    const Key = "org/1/materials/Slides & notes+v2 (Zürich).pdf";
    const put = await fetch(await getSignedUrl(s3(sb), new PutObjectCommand({ Bucket, Key }), { expiresIn: 60 }), { method: "PUT", body: "slides" });
    expect(put.status).toBe(200);
    const get = await fetch(await getSignedUrl(s3(sb), new GetObjectCommand({ Bucket, Key, ResponseContentDisposition: 'attachment; filename="slides.pdf"' }), { expiresIn: 60 }));
    expect(get.status).toBe(200);
    expect(get.headers.get("content-disposition")).toBe('attachment; filename="slides.pdf"');
    expect(await get.text()).toBe("slides");
    expect(await stored(Key)).toBe(true);
  });

  it("refuses a presigned URL whose signature was altered", async () => {
    await s3(sb).send(new PutObjectCommand({ Bucket, Key: "a.txt", Body: "a" }));
    const url = new URL(await getSignedUrl(s3(sb), new GetObjectCommand({ Bucket, Key: "a.txt" }), { expiresIn: 60 }));
    url.pathname = url.pathname.replace("a.txt", "b.txt");
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(xmlField(await res.text(), "Code")).toBe("SignatureDoesNotMatch");
  });

  it("takes a browser's PUT with the signed Content-Type and Content-Length, and refuses another length or type", async () => {
    const put = (Key: string) => new PutObjectCommand({ Bucket, Key, ContentType: "image/png", ContentLength: 5 });
    const sign = (Key: string) => getSignedUrl(s3(sb), put(Key), { expiresIn: 300, signableHeaders: new Set(["content-type"]) });

    const url = await sign("upload.png");
    expect(new URL(url).searchParams.get("X-Amz-SignedHeaders")).toBe("content-length;content-type;host");
    const ok = await fetch(url, { method: "PUT", headers: { "content-type": "image/png", origin: "http://localhost:3000" }, body: "12345" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    const head = await s3(sb).send(new HeadObjectCommand({ Bucket, Key: "upload.png" }));
    expect(head.ContentType).toBe("image/png");

    const tooLong = await fetch(await sign("long.png"), { method: "PUT", headers: { "content-type": "image/png" }, body: "123456" });
    expect(tooLong.status).toBe(403);
    expect(xmlField(await tooLong.text(), "Code")).toBe("SignatureDoesNotMatch");
    const wrongType = await fetch(await sign("type.png"), { method: "PUT", headers: { "content-type": "text/html" }, body: "12345" });
    expect(wrongType.status).toBe(403);
    expect(xmlField(await wrongType.text(), "Code")).toBe("SignatureDoesNotMatch");
    expect(await stored("long.png")).toBe(false);
    expect(await stored("type.png")).toBe(false);
  });
});

describe("a key's rights", () => {
  it("lets a read-only key read and refuses its writes with AccessDenied", async () => {
    await s3(sb).send(new PutObjectCommand({ Bucket, Key: "shared.txt", Body: "hello" }));
    const key = await mintKey({ buckets: [Bucket], access: "read-only" });
    const reader = s3(sb, key);
    expect(await (await reader.send(new GetObjectCommand({ Bucket, Key: "shared.txt" }))).Body!.transformToString()).toBe("hello");
    const err = await s3Failure(reader.send(new PutObjectCommand({ Bucket, Key: "new.txt", Body: "x" })));
    expect(err.name).toBe("AccessDenied");
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(await stored("new.txt")).toBe(false);
  });

  it("refuses a key outside its buckets, and one whose rights were taken away", async () => {
    expect((await control(sb, "POST", "s3/buckets", { name: "other-org-files" })).status).toBe(201);
    const key = await mintKey({ buckets: ["other-org-files"] });
    const client = s3(sb, key);
    await client.send(new PutObjectCommand({ Bucket: "other-org-files", Key: "mine.txt", Body: "x" }));
    expect((await s3Failure(client.send(new GetObjectCommand({ Bucket, Key: "anything" })))).name).toBe("AccessDenied");

    expect((await control(sb, "POST", "s3/keys/access", { accessKeyId: key.accessKeyId, access: "none" })).status).toBe(200);
    expect((await s3Failure(client.send(new GetObjectCommand({ Bucket: "other-org-files", Key: "mine.txt" })))).name).toBe("AccessDenied");
  });
});

describe("the Smithy model", () => {
  it("refuses a header value outside the model's enum, and records why", async () => {
    const err = await s3Failure(s3(sb).send(new PutObjectCommand({ Bucket, Key: "k.txt", Body: "x", StorageClass: "FAST_AND_CHEAP" as StorageClass })));
    expect(err.name).toBe("InvalidArgument");
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(await stored("k.txt")).toBe(false);
    const [logged] = (await requestsOf(sb, "s3")).filter((r) => r.operation === "s3 PutObject");
    expect(logged!.validation.issues).toEqual([expect.objectContaining({ path: "x-amz-storage-class", rule: "enum" })]);
  });

  it("refuses a query value of the wrong type", async () => {
    // Signed with the bad value in place, so only the model can refuse it.
    const signed = await getSignedUrl(s3(sb), new ListObjectsV2Command({ Bucket, MaxKeys: "many" as unknown as number }), { expiresIn: 60 });
    expect(new URL(signed).searchParams.get("max-keys")).toBe("many");
    const res = await fetch(signed);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(xmlField(body, "Code")).toBe("InvalidArgument");
    expect(xmlField(body, "ArgumentName")).toBe("max-keys");
  });

  it("answers NotImplemented for an operation of the model the sandbox does not emulate", async () => {
    await s3(sb).send(new PutObjectCommand({ Bucket, Key: "acl.txt", Body: "x" }));
    const err = await s3Failure(s3(sb).send(new GetObjectAclCommand({ Bucket, Key: "acl.txt" })));
    expect(err.name).toBe("NotImplemented");
    expect(err.$metadata.httpStatusCode).toBe(501);
  });
});
