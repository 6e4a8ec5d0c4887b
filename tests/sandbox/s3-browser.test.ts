// What a browser and an operator see of the S3 emulation: CORS preflights answered
// from the bucket's rules (the seeded rules admit the app's origin, a control can
// replace them), injected faults in S3's own shapes, and the inbox's buckets.
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
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

function preflight(origin: string, method = "PUT", headers = "content-type", bucket = Bucket) {
  return fetch(`${sb.url}/s3/${bucket}/uploads/photo.png`, { method: "OPTIONS", headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers } });
}

describe("CORS", () => {
  it("allows a preflight from the app's origin on any local port", async () => {
    const res = await preflight("http://localhost:3000");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(res.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(res.headers.get("access-control-allow-headers")).toBe("content-type");
    expect(res.headers.get("access-control-max-age")).toBe("3000");
    expect((await preflight("http://127.0.0.1:4123", "GET", "")).status).toBe(200);
  });

  it("refuses a preflight from another origin or for a method no rule allows, with 403 AccessForbidden", async () => {
    const other = await preflight("https://attacker.example.test");
    expect(other.status).toBe(403);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(xmlField(await other.text(), "Code")).toBe("AccessForbidden");
    expect((await preflight("http://localhost:3000", "DELETE")).status).toBe(403);
  });

  it("refuses the app's origin once the bucket's rules are replaced, and a bucket without rules", async () => {
    const set = await control(sb, "POST", "s3/cors", { bucket: Bucket, rules: [{ allowedOrigins: ["https://events.example.test"], allowedMethods: ["PUT"], allowedHeaders: ["*"] }] });
    expect(set.status).toBe(200);
    expect((await preflight("https://events.example.test")).status).toBe(200);
    const refused = await preflight("http://localhost:3000");
    expect(refused.status).toBe(403);
    expect(xmlField(await refused.text(), "Message")).toContain("not allowed");

    await control(sb, "POST", "s3/cors", { bucket: Bucket, rules: [] });
    const none = await preflight("https://events.example.test");
    expect(none.status).toBe(403);
    expect(xmlField(await none.text(), "Message")).toContain("CORS is not enabled for this bucket");
  });

  it("adds the CORS headers to an actual response only for an allowed origin", async () => {
    await s3(sb).send(new PutObjectCommand({ Bucket, Key: "c.txt", Body: "c" }));
    const ok = await fetch(`${sb.url}/s3/${Bucket}/c.txt`, { headers: { origin: "http://localhost:3000" } });
    // Unsigned, so refused, but the browser still gets to read the refusal.
    expect(ok.status).toBe(403);
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(ok.headers.get("access-control-expose-headers")).toContain("ETag");
    const other = await fetch(`${sb.url}/s3/${Bucket}/c.txt`, { headers: { origin: "https://attacker.example.test" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("faults", () => {
  const fault = (body: Record<string, unknown>) => control(sb, "POST", "faults", { provider: "s3", ...body });

  it("answers 503 SlowDown for a rate-limit fault, with no Retry-After, and the client's retry then succeeds", async () => {
    await s3(sb).send(new PutObjectCommand({ Bucket, Key: "f.txt", Body: "f" }));
    await fault({ kind: "rate_limit" });
    const err = await s3Failure(s3(sb).send(new GetObjectCommand({ Bucket, Key: "f.txt" })));
    expect(err.name).toBe("SlowDown");
    expect(err.$metadata.httpStatusCode).toBe(503);
    await fault({ kind: "rate_limit" });
    const raw = await fetch(`${sb.url}/s3/${Bucket}/f.txt`);
    expect(raw.status).toBe(503);
    expect(raw.headers.get("retry-after")).toBeNull();
    expect(xmlField(await raw.text(), "Code")).toBe("SlowDown");

    await fault({ kind: "status", status: 503 });
    const retried = await s3(sb, SEED, { maxAttempts: 3 }).send(new GetObjectCommand({ Bucket, Key: "f.txt" }));
    expect(await retried.Body!.transformToString()).toBe("f");
    expect(retried.$metadata.attempts).toBe(2);
    const log = await requestsOf(sb, "s3");
    expect(log.filter((r) => r.fault !== null).map((r) => [r.fault, r.status])).toEqual([
      ["rate_limit", 503],
      ["rate_limit", 503],
      ["status", 503],
    ]);
  });

  it("answers 500 InternalError for a status fault, and stores nothing", async () => {
    await fault({ kind: "status", status: 500 });
    const err = await s3Failure(s3(sb).send(new PutObjectCommand({ Bucket, Key: "lost.txt", Body: "x" })));
    expect(err.name).toBe("InternalError");
    expect(err.$metadata.httpStatusCode).toBe(500);
    const inbox = await control<{ s3: { buckets: Array<{ name: string; objects: unknown[] }> } }>(sb, "GET", "inbox.json");
    expect(inbox.body.s3.buckets.find((b) => b.name === Bucket)!.objects).toEqual([]);
  });

  it("holds a request open for a timeout fault until the client gives up", async () => {
    await fault({ kind: "timeout" });
    const started = performance.now();
    const err = await s3(sb)
      .send(new GetObjectCommand({ Bucket, Key: "slow.txt" }), { abortSignal: AbortSignal.timeout(300) })
      .then(
        () => null,
        (e: Error) => e,
      );
    expect(err?.name).toMatch(/AbortError|TimeoutError/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const [held] = await requestsOf(sb, "s3");
    expect(held!.fault).toBe("timeout");
    expect(held!.status).toBeNull();
  });

  it("delays a request for a latency fault", async () => {
    await s3(sb).send(new PutObjectCommand({ Bucket, Key: "l.txt", Body: "l" }));
    await fault({ kind: "latency", latencyMs: 400 });
    const started = performance.now();
    await s3(sb).send(new GetObjectCommand({ Bucket, Key: "l.txt" }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });
});

describe("inbox", () => {
  it("shows each bucket's objects newest first with size and type, and the keys without their secrets", async () => {
    const client = s3(sb);
    await client.send(new PutObjectCommand({ Bucket, Key: "first.txt", Body: "1", ContentType: "text/plain" }));
    await control(sb, "POST", "clock", { advanceSeconds: 5 });
    await client.send(new PutObjectCommand({ Bucket, Key: "second.png", Body: "22", ContentType: "image/png" }));
    const inbox = await control<{ s3: { buckets: Array<{ name: string; objects: Array<{ key: string; size: number; contentType: string }> }>; keys: Array<Record<string, unknown>> } }>(sb, "GET", "inbox.json");
    const bucket = inbox.body.s3.buckets.find((b) => b.name === Bucket)!;
    expect(bucket.objects.map((o) => [o.key, o.size, o.contentType])).toEqual([
      ["second.png", 2, "image/png"],
      ["first.txt", 1, "text/plain"],
    ]);
    expect(JSON.stringify(inbox.body.s3.keys)).not.toContain(SEED.secretAccessKey);
    const page = await (await fetch(`${sb.url}/`)).text();
    expect(page).toContain("second.png");
    expect(page).toContain(Bucket);
    expect(page).not.toContain(SEED.secretAccessKey);
  });
});
