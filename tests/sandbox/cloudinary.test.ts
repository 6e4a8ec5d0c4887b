// The emulated Cloudinary, driven by the official SDK as the connector drives it:
// signatures checked for real (a wrong secret is Cloudinary's 401 with the string
// it signed), stale timestamps refused, Admin API Basic auth, uploads stored and
// served by signed delivery URLs whose transformations are recorded, destroy, and
// Cloudinary's 420 rate-limit answer.
import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { v2 as cloudinary, type UploadApiOptions } from "cloudinary";
import type { Sandbox } from "../../sandbox/server";
import { control, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
const DEMO = { cloud_name: "switchboard-demo", api_key: "100000000000001", api_secret: "cloudinary-sandbox-secret-fake" };
const agent = new http.Agent();
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});
beforeEach(async () => {
  await resetSandbox(sb);
});

const opts = (over: Partial<typeof DEMO> = {}) => ({ ...DEMO, ...over, upload_prefix: `${sb.url}/cloudinary`, agent });

function upload(bytes: Buffer, options: UploadApiOptions): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const s = cloudinary.uploader.upload_stream(options, (err, res) => (err ? reject(err) : resolve(res as Record<string, unknown>)));
    s.end(bytes);
  });
}

const refusal = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a refusal")), (e: { http_code?: number; message?: string; error?: { http_code: number; message: string } }) => e.error ?? e);

const deliveryUrl = (publicId: string, extra: Record<string, unknown> = {}) =>
  cloudinary.url(publicId, { cloud_name: DEMO.cloud_name, api_secret: DEMO.api_secret, secure: false, cname: `${new URL(sb.url).host}/cloudinary`, sign_url: true, urlAnalytics: false, ...extra });

async function inbox() {
  return (await control<{ cloudinary: { assets: Array<{ publicId: string; bytes: number; format: string; transformations: string[] }>; destroyed: Array<{ publicId: string }> } }>(sb, "GET", "inbox.json")).body.cloudinary;
}

describe("signatures", () => {
  it("refuses an upload signed with another secret as Cloudinary does: 401 with the string it signed", async () => {
    const e = await refusal(upload(PNG, { ...opts({ api_secret: "not-the-secret-0000" }), public_id: "a/b" }));
    expect(e.http_code).toBe(401);
    expect(e.message).toMatch(/^Invalid Signature [0-9a-f]{40}\. String to sign - 'public_id=a\/b&timestamp=\d+'\.$/);
    expect((await inbox()).assets).toHaveLength(0);
  });

  it("refuses an unknown API key and an unknown cloud name", async () => {
    expect(await refusal(upload(PNG, { ...opts({ api_key: "999999999999999" }), public_id: "x" }))).toMatchObject({ http_code: 401, message: "Unknown API key 999999999999999" });
    expect(await refusal(upload(PNG, { ...opts({ cloud_name: "nobody" }), public_id: "x" }))).toMatchObject({ http_code: 401, message: "Invalid cloud_name nobody" });
  });

  it("refuses a request signed more than an hour ago, and takes one signed just now", async () => {
    const old = Math.floor(Date.now() / 1000) - 3700;
    const stale = await refusal(upload(PNG, { ...opts(), public_id: "x", timestamp: old }));
    expect(stale.http_code).toBe(400);
    expect(stale.message).toMatch(/^Stale request - reported time is \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 which is more than 1 hour ago$/);
    expect(await upload(PNG, { ...opts(), public_id: "x", timestamp: Math.floor(Date.now() / 1000) - 60 })).toMatchObject({ public_id: "x" });
  });

  it("signs an & inside a value as %26 (signature version 2) and accepts it", async () => {
    const res = await upload(PNG, { ...opts(), public_id: "x", context: "caption=a&b" });
    expect(res.public_id).toBe("x");
  });

  it("checks the Admin API's Basic auth: a wrong secret is api_secret mismatch", async () => {
    expect(await cloudinary.api.ping(opts())).toMatchObject({ status: "ok" });
    expect(await refusal(cloudinary.api.ping(opts({ api_secret: "not-the-secret-0000" })))).toMatchObject({ http_code: 401, message: "api_secret mismatch" });
  });
});

describe("images", () => {
  it("stores an upload under its public id, lists it by prefix, serves it by a signed URL and records the transformation", async () => {
    const res = await upload(PNG, { ...opts(), public_id: "org/1/cover/a", overwrite: true, invalidate: true, resource_type: "image" });
    expect(res).toMatchObject({ public_id: "org/1/cover/a", format: "png", bytes: PNG.length, resource_type: "image", type: "upload" });
    await upload(PNG, { ...opts(), public_id: "org/2/cover/b" });

    const listed = await cloudinary.api.resources({ ...opts(), type: "upload", prefix: "org/1/", max_results: 500 });
    expect(listed.resources.map((r: { public_id: string }) => r.public_id)).toEqual(["org/1/cover/a"]);
    expect(await cloudinary.api.resource("org/1/cover/a", opts())).toMatchObject({ bytes: PNG.length, format: "png" });

    const url = deliveryUrl("org/1/cover/a", { transformation: [{ width: 480, crop: "limit", fetch_format: "auto", quality: "auto" }] });
    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await inbox()).assets.find((a) => a.publicId === "org/1/cover/a")?.transformations).toEqual(["c_limit,f_auto,q_auto,w_480"]);

    // The signature covers the transformation: another width with the same signature is refused.
    const tampered = await fetch(url.replace("w_480", "w_4000"));
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get("x-cld-error")).toBe("Invalid signature");
    expect((await fetch(deliveryUrl("org/1/cover/missing"))).status).toBe(404);
  });

  it("pages through resources with next_cursor", async () => {
    for (const n of [1, 2, 3]) await upload(PNG, { ...opts(), public_id: `p/${n}` });
    const first = await cloudinary.api.resources({ ...opts(), type: "upload", prefix: "p/", max_results: 2 });
    expect(first.resources).toHaveLength(2);
    const second = await cloudinary.api.resources({ ...opts(), type: "upload", prefix: "p/", max_results: 2, next_cursor: first.next_cursor });
    expect(second.resources).toHaveLength(1);
    expect(second.next_cursor).toBeUndefined();
  });

  it("destroys an image once; a second destroy answers not found", async () => {
    await upload(PNG, { ...opts(), public_id: "gone" });
    expect(await cloudinary.uploader.destroy("gone", { ...opts(), invalidate: true })).toEqual({ result: "ok" });
    expect(await cloudinary.uploader.destroy("gone", { ...opts(), resource_type: "image" })).toEqual({ result: "not found" });
    expect((await inbox()).destroyed.map((d) => d.publicId)).toEqual(["gone"]);
    expect(await refusal(cloudinary.api.resource("gone", opts()))).toMatchObject({ http_code: 404 });
  });

  it("refuses what Cloudinary refuses: a file that is not an image, a reserved character in a public id", async () => {
    expect(await refusal(upload(Buffer.from("just text"), { ...opts(), public_id: "t" }))).toMatchObject({ http_code: 400, message: "Invalid image file" });
    const bad = await refusal(upload(PNG, { ...opts(), public_id: "a?b" }));
    expect(bad.http_code).toBe(400);
    expect(bad.message).toContain("public_id");
  });
});

describe("faults", () => {
  it("answers an injected rate limit as Cloudinary's 420, with the time the window reopens", async () => {
    expect((await control(sb, "POST", "faults", { provider: "cloudinary", kind: "status", status: 420, match: "/resources/" })).status).toBe(201);
    const e = await refusal(cloudinary.api.resources({ ...opts(), type: "upload" }));
    expect(e.http_code).toBe(420);
    expect(e.message).toMatch(/^Rate Limit Exceeded\. Limit of 500 api operations reached\. Try again on \d{4}-\d\d-\d\d \d\d:00:00 UTC$/);
  });
});
