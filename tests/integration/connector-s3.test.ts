// S3-compatible storage end to end against the sandbox's S3 (Signature V4 checked
// for real, requests checked by S3's Smithy model): connecting, test connection's
// explanations, and the storage capability through the real SDK and call policy.
import { randomUUID } from "node:crypto";
import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "@/lib/config";
import { ValidationError } from "@/lib/domain/errors";
import { objectKey, orgPrefix } from "@/lib/files/keys";
import { ProviderCallError, type Connector, type ConnectorContext } from "@/lib/integrations/contract";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectWithApiKey, testConnection } from "@/lib/integrations/connections/service";
import { loadConnector } from "@/lib/integrations/registry";
import { makeS3Client, s3Target } from "@/lib/integrations/s3/client";
import type { S3Context, S3Credentials } from "@/lib/integrations/s3/manifest";
import { PROBE_PREFIX } from "@/lib/integrations/s3/probe";
import { appKeyring } from "@/lib/vault/app-keyring";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();

/** The sandbox's seeded bucket and key (README, "Sandbox: S3"). */
const SEED = { bucket: "switchboard-sandbox", accessKeyId: "AKIASANDBOXEXAMPLE01", secretAccessKey: "sandbox-s3-secret-key-not-a-real-secret-0000" };

const connect = (fields: Record<string, unknown> = {}) =>
  connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "s3", mode: "sandbox", fields: { ...SEED, region: "us-east-1", endpoint: "", pathStyle: "", ...fields } });

async function fieldErrorsOf(p: Promise<unknown>) {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors;
}

async function bucketObjects(bucket = SEED.bucket): Promise<string[]> {
  const inbox = await sandbox.inbox();
  const b = (inbox.s3.buckets as Array<{ name: string; objects: Array<{ key: string }> }>).find((x) => x.name === bucket);
  return (b?.objects ?? []).map((o) => o.key);
}

async function storageContext(): Promise<{ connector: Connector; ctx: ConnectorContext }> {
  const connector = (await loadConnector("s3"))!;
  const row = (await findConnection(t.db, t.orgId, "s3"))!;
  // One attempt per call, so a refused request is one row in the call log and no backoff.
  return { connector, ctx: await connectorContext(t.db, appKeyring(), connector, row, { policy: { maxAttempts: 1 } }) };
}

const origin = () => new URL(appUrl()).origin;

async function listCalls(): Promise<number> {
  return (await t.db.selectFrom("integration_calls").select("id").where("connector_id", "=", "s3").where("operation", "=", "objects.list").execute()).length;
}

describe("S3-compatible storage: connecting", () => {
  it("explains a wrong secret on its field, and stores nothing", async () => {
    const errors = await fieldErrorsOf(connect({ secretAccessKey: "not-the-right-secret-0000" }));
    expect(errors.secretAccessKey![0]).toMatch(/^S3-compatible storage refused this Secret access key: S3 answered 403 SignatureDoesNotMatch: the secret access key does not belong to this access key ID/);
    const row = await findConnection(t.db, t.orgId, "s3");
    expect(row?.credentials_sealed ?? null).toBeNull();
    const calls = await t.db.selectFrom("integration_calls").select(["operation", "outcome", "http_status", "error"]).where("connector_id", "=", "s3").execute();
    expect(calls.at(-1)).toMatchObject({ operation: "objects.put", outcome: "failure", http_status: 403 });
    expect(JSON.stringify(calls)).not.toContain("not-the-right-secret-0000");
  });

  it("explains an access key the service does not know", async () => {
    const errors = await fieldErrorsOf(connect({ accessKeyId: "AKIANOSUCHKEY0000000" }));
    expect(errors.accessKeyId![0]).toBe(`${new URL(sandbox.url).host} does not know this access key ID: check it, and that the endpoint is the service the key was made for.`);
  });

  it("names a bucket that does not exist", async () => {
    const errors = await fieldErrorsOf(connect({ bucket: "no-such-bucket-here" }));
    expect(errors.bucket![0]).toBe(`There is no bucket "no-such-bucket-here" at ${new URL(sandbox.url).host}: create it, or correct the bucket name, endpoint or region.`);
  });

  it("says which permission a read-only key lacks, and one without any rights", async () => {
    const readOnly = await sandbox.control("s3/keys", { buckets: [SEED.bucket], access: "read-only" });
    const errors = await fieldErrorsOf(connect({ accessKeyId: readOnly.accessKeyId, secretAccessKey: readOnly.secretAccessKey }));
    expect(errors.secretAccessKey![0]).toContain(`the key may not write objects to bucket "${SEED.bucket}" (it lacks s3:PutObject). Switchboard needs s3:PutObject, s3:GetObject, s3:DeleteObject and s3:ListBucket`);

    const other = await sandbox.control("s3/keys", { buckets: [SEED.bucket] });
    await sandbox.control("s3/keys/access", { accessKeyId: other.accessKeyId, access: "none" });
    const none = await fieldErrorsOf(connect({ accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey }));
    expect(none.secretAccessKey![0]).toContain("(it lacks s3:PutObject)");
    // Nothing was left behind by the failed attempts.
    expect((await bucketObjects()).filter((k) => k.startsWith(PROBE_PREFIX))).toEqual([]);
  });

  it("refuses a bucket whose CORS rules keep browsers on the app's origin from uploading, and says what rule to add", async () => {
    const bucket = `strict-${randomUUID().slice(0, 8)}`;
    await sandbox.control("s3/buckets", { name: bucket, cors: [{ allowedOrigins: ["https://elsewhere.example"], allowedMethods: ["PUT"], allowedHeaders: ["*"] }] });
    const err = (await connect({ bucket }).catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain(`Wrote, read and deleted a test object in bucket "${bucket}"`);
    expect(err.fieldErrors.bucket![0]).toContain(`The CORS rules of bucket "${bucket}" do not allow PUT from ${origin()} with a Content-Type header`);
    expect(err.fieldErrors.bucket![0]).toContain("Browser uploads (attendees' files, event materials, cover images) go straight from the browser to the bucket and need it");
    expect(err.fieldErrors.bucket![0]).toContain(`{"AllowedOrigins":["${origin()}"],"AllowedMethods":["PUT","GET"],"AllowedHeaders":["content-type"]`);
    expect((await findConnection(t.db, t.orgId, "s3"))?.credentials_sealed ?? null).toBeNull();

    // No rules at all is said as such; the suggested rule, once added, is enough.
    await sandbox.control("s3/cors", { bucket, rules: [] });
    expect((await fieldErrorsOf(connect({ bucket }))).bucket![0]).toContain(`Bucket "${bucket}" has no CORS rules`);
    await sandbox.control("s3/cors", { bucket, rules: [{ allowedOrigins: [origin()], allowedMethods: ["PUT", "GET"], allowedHeaders: ["content-type"] }] });
    const tested = await connect({ bucket });
    expect(tested.detail).toBe(`Wrote, read and deleted a test object in bucket "${bucket}" (${new URL(sandbox.url).host}); browser uploads allowed from ${origin()}.`);
    expect(await bucketObjects(bucket)).toEqual([]);
  });

  it("connects with good keys, leaves no test object, and shows only the secret's last four characters", async () => {
    const tested = await connect();
    expect(tested.detail).toBe(`Wrote, read and deleted a test object in bucket "${SEED.bucket}" (${new URL(sandbox.url).host}); browser uploads allowed from ${origin()}.`);
    const row = (await findConnection(t.db, t.orgId, "s3"))!;
    expect(row.status).toBe("connected");
    expect(row.external_account_id).toBe(`${new URL(sandbox.url).host}/${SEED.bucket}`);
    expect(row.credentials_hint).toBe("••••0000");
    expect(row.credentials_sealed).not.toContain(SEED.secretAccessKey);
    expect((await bucketObjects()).filter((k) => k.startsWith(PROBE_PREFIX))).toEqual([]);
    // Test connection again on the stored connection.
    expect((await testConnection(t.db, appKeyring(), t.orgId, "s3")).detail).toContain("browser uploads allowed");
  });
});

describe("S3-compatible storage: the storage capability", () => {
  const pdf = new TextEncoder().encode("%PDF-1.7\nfake test document body\n%%EOF\n");
  beforeAll(async () => {
    await connect();
  });

  it("puts, heads, gets (whole and its first bytes), lists and deletes through the connector", async () => {
    const { connector, ctx } = await storageContext();
    const s = connector.storage!;
    const key = objectKey(t.orgId, "material", randomUUID());
    await s.put(ctx, key, pdf, { contentType: "application/pdf", size: pdf.byteLength, filename: "Slides.pdf" });
    expect(await s.head(ctx, key)).toEqual({ size: pdf.byteLength, contentType: "application/pdf" });
    expect(Buffer.from(await s.get(ctx, key)).equals(Buffer.from(pdf))).toBe(true);
    expect(new TextDecoder().decode(await s.get(ctx, key, { maxBytes: 5 }))).toBe("%PDF-");
    expect(await s.list(ctx, orgPrefix(t.orgId))).toContainEqual({ key, size: pdf.byteLength });

    await s.delete(ctx, key);
    expect(await s.head(ctx, key)).toBeNull();
    // Removing what is already gone succeeds, so a repeated removal job is harmless.
    await s.delete(ctx, key);
    const missing = await s.get(ctx, key).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ProviderCallError);
    expect((missing as ProviderCallError).failure.kind).toBe("not_found");
    expect(await s.list(ctx, orgPrefix(t.orgId))).not.toContainEqual(expect.objectContaining({ key }));
  });

  it("lists every object of a prefix across pages", { timeout: 60_000 }, async () => {
    const { connector, ctx } = await storageContext();
    const keys = Array.from({ length: 1003 }, () => objectKey(t.orgId, "answer", randomUUID()));
    // Seeded with the SDK directly: a thousand calls through the policy would only test the call log.
    const direct = makeS3Client(ctx.credentials as S3Credentials, s3Target(ctx as S3Context));
    const each = async (fn: (key: string) => Promise<unknown>) => {
      for (let i = 0; i < keys.length; i += 100) await Promise.all(keys.slice(i, i + 100).map(fn));
    };
    await each((Key) => direct.send(new PutObjectCommand({ Bucket: SEED.bucket, Key, Body: "x", ContentType: "image/png" })));
    const before = await listCalls();
    const listed = await connector.storage!.list(ctx, `${orgPrefix(t.orgId)}answer/`);
    expect(listed.map((o) => o.key).sort()).toEqual([...keys].sort());
    expect(listed.every((o) => o.size === 1)).toBe(true);
    // S3 pages at 1000 keys: the second page is one more call through the policy.
    expect((await listCalls()) - before).toBe(2);
    await each((Key) => direct.send(new DeleteObjectCommand({ Bucket: SEED.bucket, Key })));
  });

  it("hands out a read link that serves the file with its name, and that expires", async () => {
    const { connector, ctx } = await storageContext();
    const s = connector.storage!;
    const key = objectKey(t.orgId, "material", randomUUID());
    await s.put(ctx, key, pdf, { contentType: "application/pdf", size: pdf.byteLength, filename: "Slides.pdf" });
    const url = await s.readUrl(ctx, key, { contentType: "application/pdf", size: pdf.byteLength, filename: "Talk slides.pdf", download: true, expiresInSeconds: 60 });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="Talk slides.pdf"; filename*=UTF-8''Talk%20slides.pdf`);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

    // The link names its object: another key with the same signature is refused.
    const tampered = new URL(url);
    tampered.pathname = tampered.pathname.replace(/[^/]+$/, randomUUID());
    expect((await fetch(tampered)).status).toBe(403);

    await sandbox.control("clock", { advanceSeconds: 61 });
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    const body = await expired.text();
    expect(body).toContain("<Code>AccessDenied</Code>");
    expect(body).toContain("Request has expired");
  });

  it("gives the browser an upload target that takes exactly the size and type it was made for", async () => {
    const { connector, ctx } = await storageContext();
    const s = connector.storage!;
    const key = objectKey(t.orgId, "answer", randomUUID());
    const target = await s.uploadTarget!(ctx, key, { contentType: "application/pdf", size: pdf.byteLength, expiresInSeconds: 300 });
    const upload = (body: Uint8Array, contentType: string) => fetch(target.url, { method: target.method, headers: { ...target.headers, "content-type": contentType }, body: Buffer.from(body) });

    const bigger = await upload(new Uint8Array([...pdf, 0x20]), "application/pdf");
    expect(bigger.status).toBe(403);
    expect(await bigger.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const otherType = await upload(pdf, "text/html");
    expect(otherType.status).toBe(403);
    expect(await s.head(ctx, key)).toBeNull();

    const ok = await upload(pdf, "application/pdf");
    expect(ok.status).toBe(200);
    expect(await s.head(ctx, key)).toEqual({ size: pdf.byteLength, contentType: "application/pdf" });
  });

  it("reads a provider outage as transient and a refused key as auth, through the call policy", async () => {
    const { connector, ctx } = await storageContext();
    const s = connector.storage!;
    await sandbox.control("faults", { provider: "s3", kind: "status", status: 500, times: 1 });
    const down = await s.head(ctx, objectKey(t.orgId, "cover", randomUUID())).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ProviderCallError);
    expect((down as ProviderCallError).failure).toMatchObject({ kind: "transient", status: 500 });

    await sandbox.control("faults", { provider: "s3", kind: "status", status: 503, times: 1 });
    const slow = await s.list(ctx, orgPrefix(t.orgId)).catch((e: unknown) => e);
    expect((slow as ProviderCallError).failure).toMatchObject({ kind: "rate_limited", status: 503 });

    const readOnly = await sandbox.control("s3/keys", { buckets: [SEED.bucket], access: "read-only" });
    const row = (await findConnection(t.db, t.orgId, "s3"))!;
    const roCtx = await connectorContext(t.db, appKeyring(), connector, row, { credentials: { ...ctx.credentials as object, ...readOnly }, policy: { maxAttempts: 1 } });
    const refused = await s.put(roCtx, objectKey(t.orgId, "cover", randomUUID()), pdf, { contentType: "application/pdf", size: pdf.byteLength, filename: "x.pdf" }).catch((e: unknown) => e);
    expect((refused as ProviderCallError).failure).toMatchObject({ kind: "auth", status: 403 });
    await waitFor(async () => (await t.db.selectFrom("integration_calls").select("outcome").where("connector_id", "=", "s3").where("operation", "=", "objects.put").where("http_status", "=", 403).execute()).length > 0, { what: "the refused put in the call log" });
  });
});
