// Cloudinary end to end against the sandbox: connecting by cloud name, API key and
// secret (a wrong key or secret refused in words on the form, nothing stored; a
// right one proven by ping and a probe image uploaded and removed), the storage
// capability's round trip for a cover (signed upload under the object key, head,
// get, list by prefix, responsive variants and a download link that the sandbox
// serves and records, delete twice), Test connection's words after the secret
// changed, and Cloudinary's failures through the call policy: 420 rate limited
// with the time its window reopens, 429 waited for and retried, 5xx retried.
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { objectKey, orgPrefix } from "@/lib/files/keys";
import { ProviderCallError, type Connector, type ConnectorContext } from "@/lib/integrations/contract";
import { defaultPolicyOptions } from "@/lib/integrations/policy";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { appKeyring } from "@/lib/vault/app-keyring";
import { makeOrg, makeUser } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";
import { useSandbox } from "../helpers/sandbox";

const t = useOrgDatabase();
const sandbox = useSandbox();
let userId = "";
beforeAll(async () => {
  userId = (await makeUser(t.db, t.orgId, "owner")).id;
});

const DEMO = { cloudName: "switchboard-demo", apiKey: "100000000000001", apiSecret: "cloudinary-sandbox-secret-fake" };
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
const META = { contentType: "image/png", size: PNG.length, filename: "Cover photo (final).png" };

const cloudinary = async () => (await loadConnector("cloudinary")) as Connector;
const connect = (fields: Record<string, string>, orgId = t.orgId, by = userId) => connectWithApiKey(t.db, appKeyring(), { orgId, userId: by, connectorId: "cloudinary", mode: "sandbox", fields });

async function context(credentials?: typeof DEMO): Promise<ConnectorContext> {
  const row = (await findConnection(t.db, t.orgId, "cloudinary"))!;
  return connectorContext(t.db, appKeyring(), await cloudinary(), row, credentials ? { credentials } : {});
}

async function refusedField(p: Promise<unknown>, field: string): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors[field]?.[0] ?? "";
}

async function providerFailure(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderCallError);
  return (err as ProviderCallError).failure;
}

const inbox = async () => (await sandbox.inbox()).cloudinary as { assets: Array<{ publicId: string; bytes: number; transformations: string[] }>; destroyed: Array<{ publicId: string }> };

const calls = (operation: string) =>
  t.db.selectFrom("integration_calls").select(["outcome", "http_status", "error"]).where("connector_id", "=", "cloudinary").where("operation", "=", operation).orderBy("created_at").execute();

describe("Cloudinary", () => {
  it("refuses a wrong API secret or key in words on the form, and stores nothing", async () => {
    const secret = await refusedField(connect({ ...DEMO, apiSecret: "not-the-secret-0000" }), "apiSecret");
    expect(secret).toContain("the API secret does not belong to this API key");
    const key = await refusedField(connect({ ...DEMO, apiKey: "999999999999999" }), "apiSecret");
    expect(key).toContain("Cloudinary does not know this API key");
    const cloud = await refusedField(connect({ ...DEMO, cloudName: "not-a-cloud" }), "apiSecret");
    expect(cloud).toContain("does not know this cloud name");
    expect(await refusedField(connect({ ...DEMO, apiKey: "abc" }), "apiKey")).toContain("number of 15 or so digits");
    expect((await findConnection(t.db, t.orgId, "cloudinary"))?.credentials_sealed ?? null).toBeNull();
    expect((await inbox()).assets).toHaveLength(0);
  });

  it("connects with ping and a signed probe upload that is removed again", async () => {
    const result = await connect(DEMO);
    expect(result.detail).toContain('cloud "switchboard-demo"');
    const row = (await findConnection(t.db, t.orgId, "cloudinary"))!;
    expect(row).toMatchObject({ status: "connected", external_account_id: "switchboard-demo" });
    const box = await inbox();
    expect(box.assets).toHaveLength(0);
    expect(box.destroyed.map((d) => d.publicId)).toEqual([expect.stringMatching(/^switchboard-connection-test\/[0-9a-f-]{36}$/)]);
    const ops = (await sandbox.requests("cloudinary")).map((r: { operation: string; status: number }) => `${r.operation} ${r.status}`);
    expect(ops).toEqual(expect.arrayContaining(["cloudinary ping 200", "cloudinary upload 200", "cloudinary destroy 200"]));
  });

  it("refuses the same cloud for a second organization", async () => {
    const other = await makeOrg(t.db);
    const otherOwner = await makeUser(t.db, other.id, "owner");
    expect(await refusedField(connect(DEMO, other.id, otherOwner.id), "cloudName")).toContain("already connected to another organization");
  });

  it("keeps a cover: signed upload under the object key, head, get, list, responsive variants, a download link, delete twice", async () => {
    const connector = await cloudinary();
    const storage = connector.storage!;
    expect(storage.purposes).toEqual(["cover"]);
    const ctx = await context();
    const key = objectKey(t.orgId, "cover", randomUUID());

    await storage.put(ctx, key, PNG, META);
    expect((await inbox()).assets).toEqual([expect.objectContaining({ publicId: key, bytes: PNG.length })]);
    expect(await storage.head(ctx, key)).toEqual({ size: PNG.length, contentType: "image/png" });
    expect(Buffer.from(await storage.get(ctx, key)).equals(PNG)).toBe(true);
    expect(Buffer.from(await storage.get(ctx, key, { maxBytes: 8 })).equals(PNG.subarray(0, 8))).toBe(true);
    expect(await storage.list(ctx, orgPrefix(t.orgId))).toEqual([{ key, size: PNG.length }]);
    expect(await storage.list(ctx, orgPrefix(randomUUID()))).toEqual([]);

    const variants = storage.imageVariants!(ctx, key, [480, 960]);
    expect(variants.map((v) => v.width)).toEqual([480, 960]);
    for (const v of variants) {
      expect(v.url).toMatch(new RegExp(`^${sandbox.url}/cloudinary/switchboard-demo/image/upload/s--[A-Za-z0-9_-]{8}--/c_limit,f_auto,q_auto,w_${v.width}/v1/${key}$`));
      const res = await fetch(v.url);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    }
    const asset = (await inbox()).assets.find((a) => a.publicId === key)!;
    expect(asset.transformations).toEqual(expect.arrayContaining(["c_limit,f_auto,q_auto,w_480", "c_limit,f_auto,q_auto,w_960"]));

    const link = await storage.readUrl(ctx, key, { ...META, expiresInSeconds: 300, download: true });
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="Cover_photo_final.png"');

    await storage.delete(ctx, key);
    expect(await storage.head(ctx, key)).toBeNull();
    await storage.delete(ctx, key);
    expect(await storage.list(ctx, orgPrefix(t.orgId))).toEqual([]);
    expect((await fetch(variants[0]!.url)).status).toBe(404);
  });

  it("Test connection says which credential is wrong", async () => {
    const connector = await cloudinary();
    const wrongSecret = await providerFailure(connector.testConnection(await context({ ...DEMO, apiSecret: "rotated-secret-0000" })));
    expect(wrongSecret).toMatchObject({ kind: "auth", status: 401 });
    expect(wrongSecret.message).toContain("Copy the secret again from Cloudinary Console → Settings → API Keys");
    const wrongKey = await providerFailure(connector.testConnection(await context({ ...DEMO, apiKey: "123456789012345" })));
    expect(wrongKey.message).toContain("Cloudinary does not know this API key");
    expect((await connector.testConnection(await context())).account.id).toBe("switchboard-demo");
  });

  it("classifies Cloudinary's 420 as rate limited with the time its window reopens, and does not wait an hour inline", async () => {
    const storage = (await cloudinary()).storage!;
    const ctx = await context();
    // The window reopens at the top of the hour. Within the policy's longest inline
    // wait of it the call rightly waits and retries instead, so that close to the
    // hour the test waits for the next one (at most about 35 s, rarely).
    const untilHourMs = 3_600_000 - (Date.now() % 3_600_000);
    if (untilHourMs <= defaultPolicyOptions.maxInlineRetryAfterMs + 5_000) await delay(untilHourMs + 1_000);
    await sandbox.control("faults", { provider: "cloudinary", kind: "status", status: 420, match: "/resources/", times: 1 });
    const failure = await providerFailure(storage.head(ctx, objectKey(t.orgId, "cover", randomUUID())));
    expect(failure).toMatchObject({ kind: "rate_limited", status: 420 });
    expect(failure.retryAfterMs).toBeGreaterThan(0);
    expect(failure.retryAfterMs).toBeLessThanOrEqual(3_600_000);
    expect(failure.message).toContain("Rate Limit Exceeded");
    const logged = (await calls("resource")).filter((c) => c.http_status === 420);
    expect(logged).toHaveLength(1);
  }, 60_000);

  it("waits out a 429 and retries a 500, so the upload and the destroy still happen", async () => {
    const storage = (await cloudinary()).storage!;
    const ctx = await context();
    const key = objectKey(t.orgId, "cover", randomUUID());
    await sandbox.control("faults", { provider: "cloudinary", kind: "rate_limit", retryAfterSeconds: 1, match: "/image/upload", times: 1 });
    await storage.put(ctx, key, PNG, META);
    expect((await calls("upload")).slice(-2).map((c) => c.http_status)).toEqual([429, null]);
    await sandbox.control("faults", { provider: "cloudinary", kind: "status", status: 500, match: "/image/destroy", times: 1 });
    await storage.delete(ctx, key);
    expect((await calls("destroy")).slice(-2).map((c) => [c.outcome, c.http_status])).toEqual([["failure", 500], ["success", null]]);
    expect((await inbox()).assets.find((a) => a.publicId === key)).toBeUndefined();
  });

  it("classifies the rest of Cloudinary's answers", async () => {
    const { classifyError } = await cloudinary();
    const { CloudinaryApiError } = await import("@/lib/integrations/cloudinary/errors");
    expect(classifyError(new CloudinaryApiError(503, "Server returned unexpected status code - 503"))).toMatchObject({ kind: "transient", status: 503 });
    expect(classifyError(new CloudinaryApiError(400, "Invalid image file"))).toMatchObject({ kind: "invalid", status: 400 });
    expect(classifyError(new CloudinaryApiError(404, "Resource not found - x"))).toMatchObject({ kind: "not_found" });
    expect(classifyError(new CloudinaryApiError(400, "Stale request - reported time is 2026-01-01 00:00:00 +0000 which is more than 1 hour ago")).message).toContain("clock");
    expect(classifyError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toMatchObject({ kind: "transient" });
  });
});
