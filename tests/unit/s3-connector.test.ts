// The S3 connector's pure parts: how S3's errors are read, what a presigned link
// signs, and what the credentials form says about a wrong value.
import { S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import type { ConnectorContext } from "@/lib/integrations/contract";
import { corsAdvice } from "@/lib/integrations/s3/cors";
import { contentDisposition } from "@/lib/integrations/s3/disposition";
import { classifyS3Error } from "@/lib/integrations/s3/errors";
import { manifest, type S3Credentials, type S3Settings } from "@/lib/integrations/s3/manifest";
import { MAX_PRESIGN_SECONDS, s3Storage } from "@/lib/integrations/s3/storage";

function s3Error(name: string, status: number | undefined, extra: Record<string, unknown> = {}) {
  const err = new S3ServiceException({ name, $fault: status && status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status }, message: `${name} happened` });
  return Object.assign(err, extra);
}

const creds: S3Credentials = { accessKeyId: "AKIAFAKEFAKEFAKE0000", secretAccessKey: "fake/secret/for/tests/only/0000000000000", bucket: "fake-bucket", region: "eu-west-1", endpoint: "", pathStyle: false };

function ctxFor(c: Partial<S3Credentials> = {}): ConnectorContext<S3Credentials, S3Settings> {
  return {
    connection: { id: "c1", orgId: "o1", connectorId: "s3", mode: "live", externalAccountId: null, scopes: [], enabled: true },
    credentials: { ...creds, ...c },
    settings: {},
    baseUrl: manifest.baseUrls.live,
    call: () => Promise.reject(new Error("signing a link makes no call")),
  } as unknown as ConnectorContext<S3Credentials, S3Settings>;
}

describe("S3 error classification", () => {
  it("tells a wrong key from a wrong secret from a missing permission, all as auth", () => {
    expect(classifyS3Error(s3Error("InvalidAccessKeyId", 403))).toMatchObject({ kind: "auth", status: 403, message: expect.stringContaining("does not know this access key ID") });
    expect(classifyS3Error(s3Error("SignatureDoesNotMatch", 403))).toMatchObject({ kind: "auth", message: expect.stringContaining("secret access key does not belong") });
    expect(classifyS3Error(s3Error("AccessDenied", 403))).toMatchObject({ kind: "auth", message: expect.stringContaining("put, get, delete and list") });
    // A HEAD's refusal has no body: only the status speaks.
    expect(classifyS3Error(s3Error("403", 403))).toMatchObject({ kind: "auth" });
  });

  it("names the bucket that does not exist, and the region a bucket is in", () => {
    expect(classifyS3Error(s3Error("NoSuchBucket", 404, { BucketName: "events-files" }))).toMatchObject({ kind: "invalid", message: expect.stringContaining('no bucket "events-files"') });
    expect(classifyS3Error(s3Error("AuthorizationHeaderMalformed", 400, { Region: "eu-central-1" }))).toMatchObject({ kind: "invalid", message: expect.stringContaining("set the region to eu-central-1") });
  });

  it("reads a missing object as not found, with or without a body", () => {
    expect(classifyS3Error(s3Error("NoSuchKey", 404)).kind).toBe("not_found");
    expect(classifyS3Error(s3Error("NotFound", 404)).kind).toBe("not_found");
  });

  it("retries S3's slow-downs and failures, and network errors", () => {
    expect(classifyS3Error(s3Error("SlowDown", 503))).toMatchObject({ kind: "rate_limited", status: 503 });
    expect(classifyS3Error(s3Error("Unknown", 503)).kind).toBe("rate_limited");
    expect(classifyS3Error(s3Error("InternalError", 500)).kind).toBe("transient");
    expect(classifyS3Error(s3Error("RequestTimeout", 400)).kind).toBe("transient");
    expect(classifyS3Error(Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" }))).toMatchObject({ kind: "transient", message: expect.stringContaining("Could not reach") });
    expect(classifyS3Error(new Error("something else")).kind).toBe("unknown");
  });
});

describe("S3 presigned links", () => {
  it("signs the upload's Content-Type and Content-Length, so the bucket refuses another type or size", async () => {
    const target = await s3Storage.uploadTarget!(ctxFor(), "org/a/answer/b", { contentType: "application/pdf", size: 12345, expiresInSeconds: 600 });
    const url = new URL(target.url);
    expect(target.method).toBe("PUT");
    expect(url.host).toBe("fake-bucket.s3.eu-west-1.amazonaws.com");
    expect(url.pathname).toBe("/org/a/answer/b");
    expect(url.searchParams.get("X-Amz-SignedHeaders")!.split(";")).toEqual(["content-length", "content-type", "host"]);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("600");
    // No checksum the browser could not send.
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    // The browser sets Content-Length itself; the type is what it must send as given.
    expect(target.headers).toEqual({ "content-type": "application/pdf" });
    const other = await s3Storage.uploadTarget!(ctxFor(), "org/a/answer/b", { contentType: "application/pdf", size: 12346, expiresInSeconds: 600 });
    expect(new URL(other.url).searchParams.get("X-Amz-Signature")).not.toBe(url.searchParams.get("X-Amz-Signature"));
  });

  it("asks the bucket for the download's name and type, and caps the life of a link at seven days", async () => {
    const link = new URL(await s3Storage.readUrl(ctxFor(), "org/a/material/b", { filename: 'Slides "final".pdf', contentType: "application/pdf", size: 10, download: true, expiresInSeconds: 30 * 24 * 3600 }));
    expect(link.searchParams.get("response-content-disposition")).toBe(`attachment; filename="Slides _final_.pdf"; filename*=UTF-8''Slides%20%22final%22.pdf`);
    expect(link.searchParams.get("response-content-type")).toBe("application/pdf");
    expect(link.searchParams.get("X-Amz-Expires")).toBe(String(MAX_PRESIGN_SECONDS));
    const inline = new URL(await s3Storage.readUrl(ctxFor(), "org/a/cover/b", { filename: "cover.png", contentType: "image/png", size: 10, download: false, expiresInSeconds: 60 }));
    expect(inline.searchParams.get("response-content-disposition")).toMatch(/^inline; /);
  });

  it("addresses the bucket path-style on the admin's endpoint when asked (MinIO, Supabase)", async () => {
    const link = new URL(await s3Storage.readUrl(ctxFor({ endpoint: "https://ref.supabase.co/storage/v1/s3", pathStyle: true }), "org/a/cover/b", { filename: "c.png", contentType: "image/png", size: 1, download: false, expiresInSeconds: 60 }));
    expect(`${link.host}${link.pathname}`).toBe("ref.supabase.co/storage/v1/s3/fake-bucket/org/a/cover/b");
  });

  it("keeps a download name inside its header whatever it holds", () => {
    expect(contentDisposition("../../etc/passwd", true)).toBe(`attachment; filename="passwd"; filename*=UTF-8''passwd`);
    expect(contentDisposition("a\r\nSet-Cookie: x=1.pdf", false)).not.toMatch(/[\r\n]/);
    expect(contentDisposition("Prüfung résumé.pdf", true)).toBe(`attachment; filename="Prufung resume.pdf"; filename*=UTF-8''Pr%C3%BCfung%20r%C3%A9sum%C3%A9.pdf`);
    expect(contentDisposition("", true)).toBe(`attachment; filename="file"; filename*=UTF-8''file`);
  });
});

describe("S3 CORS advice", () => {
  it("gives the rule to add for the app's origin, and says why browsers need it", () => {
    const origin = "https://events.example.com";
    expect(corsAdvice("b", origin, false)).toContain(`Bucket "b" has no CORS rules, so browsers on ${origin} may not upload to it`);
    expect(corsAdvice("b", origin, true)).toContain(`The CORS rules of bucket "b" do not allow PUT from ${origin}`);
    expect(corsAdvice("b", origin, true)).toContain(`[{"AllowedOrigins":["${origin}"],"AllowedMethods":["PUT","GET"],"AllowedHeaders":["content-type"],"MaxAgeSeconds":3600}]`);
  });
});

describe("S3 credentials form", () => {
  const parse = (fields: Record<string, unknown>) => manifest.credentialsSchema.safeParse({ accessKeyId: "AKIAFAKE", secretAccessKey: "fake-secret-123", bucket: "my-bucket", ...fields });
  const messages = (fields: Record<string, unknown>) => {
    const r = parse(fields);
    // The first message of each field, as the form shows it.
    return r.success ? {} : Object.fromEntries(r.error.issues.toReversed().map((i) => [i.path.join("."), i.message]));
  };

  it("fills the region and path-style defaults, and reads yes/no typed or ticked", () => {
    expect(parse({}).data).toMatchObject({ region: "us-east-1", endpoint: "", pathStyle: false });
    expect(parse({ pathStyle: "Yes" }).data?.pathStyle).toBe(true);
    expect(parse({ pathStyle: "on" }).data?.pathStyle).toBe(true);
    expect(parse({ pathStyle: "no" }).data?.pathStyle).toBe(false);
    expect(parse({ endpoint: "https://acc0unt.r2.cloudflarestorage.com/", region: "auto" }).data).toMatchObject({ endpoint: "https://acc0unt.r2.cloudflarestorage.com", region: "auto" });
  });

  it("says what is wrong with each field", () => {
    expect(messages({ accessKeyId: "" }).accessKeyId).toBe("Paste the access key ID");
    expect(messages({ secretAccessKey: "short" }).secretAccessKey).toMatch(/at least 8 characters/);
    expect(messages({ bucket: "s3://my-bucket" }).bucket).toMatch(/bucket's name only/);
    expect(messages({ bucket: "-x" }).bucket).toMatch(/3 to 63/);
    expect(messages({ region: "EU West" }).region).toMatch(/us-east-1 \(AWS\), auto/);
    expect(messages({ pathStyle: "maybe" }).pathStyle).toBe("Type yes or no");
    expect(messages({ endpoint: "r2.example" }).endpoint).toMatch(/full URL/);
    expect(messages({ endpoint: "https://nyc3.digitaloceanspaces.com/my-bucket" }).endpoint).toMatch(/without a bucket or path/);
    expect(messages({ endpoint: "https://key:secret@minio.example.com" }).endpoint).toMatch(/Remove the user name and password/);
  });

  it("refuses an endpoint on a private or local address unless the operator allows its host", () => {
    expect(messages({ endpoint: "http://169.254.169.254" }).endpoint).toMatch(/private or local address/);
    expect(messages({ endpoint: "http://localhost:9000" }).endpoint).toMatch(/SWITCHBOARD_WEBHOOK_ALLOW_HOSTS/);
    const before = process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
    process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = "localhost:9000";
    try {
      expect(messages({ endpoint: "http://localhost:9000", pathStyle: "yes" })).toEqual({});
    } finally {
      if (before === undefined) delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
      else process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = before;
    }
  });
});
