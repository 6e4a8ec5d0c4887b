// Test connection: writes, reads back, lists and deletes a small object under a
// fixed prefix, then asks the bucket whether a browser on the app's origin may
// upload. Each step that fails says in words what the key may not do and what
// it needs. A bucket that would refuse the browser's direct upload (CORS)
// refuses the connection too, since every upload of the organization would then
// fail in its attendees' browsers.
import { randomUUID } from "node:crypto";
import { DeleteObjectCommand, GetBucketCorsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type CORSRule } from "@aws-sdk/client-s3";
import { appUrl } from "@/lib/config";
import { ValidationError } from "@/lib/domain/errors";
import { ProviderCallError, type OAuthAccount } from "../contract";
import { bucketHost, s3Client } from "./client";
import { s3Storage } from "./storage";
import { corsAdvice } from "./cors";
import type { S3Context } from "./manifest";

/** Every test object lives under this prefix, never under an organization's. */
export const PROBE_PREFIX = "switchboard-connection-test/";
const PROBE_BODY = "Switchboard checks it can write, read and delete objects here; this object is deleted right away.";

const PERMISSIONS = "s3:PutObject, s3:GetObject, s3:DeleteObject and s3:ListBucket on the bucket (on Cloudflare R2, an Object Read & Write token for it)";

type Step = { verb: string; permission: string };
const STEPS = {
  write: { verb: "write objects to", permission: "s3:PutObject" },
  read: { verb: "read objects from", permission: "s3:GetObject" },
  list: { verb: "list the objects of", permission: "s3:ListBucket" },
  delete: { verb: "delete objects from", permission: "s3:DeleteObject" },
} satisfies Record<string, Step>;

/** A refusal of the operation itself, as opposed to a wrong key or secret (also 403 at S3). */
function isPermissionRefusal(err: unknown): err is ProviderCallError {
  return err instanceof ProviderCallError && err.failure.kind === "auth" && !/InvalidAccessKeyId|SignatureDoesNotMatch|Token/.test(err.failure.message);
}

/** A refusal that is about one field (the bucket, the region, the key ID) is put on that field. */
function onField(field: "bucket" | "region" | "accessKeyId", message: string): ValidationError {
  return new ValidationError({ [field]: [message] }, `${message} Nothing was saved.`);
}

function explain(ctx: S3Context, step: Step, err: unknown, leftover?: string): unknown {
  if (!(err instanceof ProviderCallError)) return err;
  const said = err.failure.message;
  // The policy redacts every credential value from what it keeps, the bucket's name included, so the words are rebuilt here.
  if (/NoSuchBucket/.test(said)) return onField("bucket", `There is no bucket "${ctx.credentials.bucket}" at ${bucketHost(ctx)}: create it, or correct the bucket name, endpoint or region.`);
  if (/AuthorizationHeaderMalformed|IllegalLocationConstraint|PermanentRedirect/.test(said)) return onField("region", `The bucket is not in region ${ctx.credentials.region}: ${said.replace(/^S3 answered [^:]*: /, "")}.`);
  if (/InvalidAccessKeyId/.test(said)) return onField("accessKeyId", `${bucketHost(ctx)} does not know this access key ID: check it, and that the endpoint is the service the key was made for.`);
  if (!isPermissionRefusal(err)) return err;
  const left = leftover ? ` The test object ${leftover} is still in the bucket; delete it by hand.` : "";
  return new ProviderCallError(err.operation, {
    ...err.failure,
    message: `the key may not ${step.verb} bucket "${ctx.credentials.bucket}" (it lacks ${step.permission}). Switchboard needs ${PERMISSIONS}.${left}`,
  });
}

async function attempt<T>(ctx: S3Context, step: Step, run: () => Promise<T>, cleanup?: () => Promise<string | undefined>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const leftover = cleanup ? await cleanup() : undefined;
    throw explain(ctx, step, err, leftover);
  }
}

/** The bucket's CORS rules for the words of a refusal; null when they cannot be read (no s3:GetBucketCORS, or not reported). */
async function readCorsRules(ctx: S3Context): Promise<CORSRule[] | null> {
  const Bucket = ctx.credentials.bucket;
  return ctx.call("bucket.cors", async (abortSignal) => {
    try {
      const res = await s3Client(ctx).send(new GetBucketCorsCommand({ Bucket }), { abortSignal });
      return res.CORSRules ?? [];
    } catch (err) {
      const code = (err as { Code?: string; name?: string }).Code ?? (err as { name?: string }).name;
      if (code === "NoSuchCORSConfiguration") return [];
      return null;
    }
  });
}

/**
 * Asks the bucket what a browser on the app's origin would: a CORS preflight of
 * the PUT an upload sends. Services keep CORS in different places (bucket rules
 * at AWS, R2 and Spaces, a server-wide setting at MinIO and Supabase), so the
 * answer, not the rules, decides. Null: the service's answer says nothing (5xx).
 */
async function browserMayPut(ctx: S3Context, origin: string): Promise<boolean | null> {
  const target = await s3Storage.uploadTarget!(ctx, `${PROBE_PREFIX}${randomUUID()}`, { contentType: "application/pdf", size: 1, expiresInSeconds: 60 });
  return ctx.call("bucket.cors_preflight", async (signal) => {
    const res = await fetch(target.url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" }, signal });
    await res.body?.cancel();
    if (res.status >= 500) return null;
    const allowOrigin = res.headers.get("access-control-allow-origin");
    const methods = (res.headers.get("access-control-allow-methods") ?? "").toUpperCase().split(/\s*,\s*/);
    return res.ok && (allowOrigin === "*" || allowOrigin === origin) && (methods.includes("PUT") || methods.includes("*"));
  });
}

export async function testS3Connection(ctx: S3Context): Promise<{ account: OAuthAccount; detail: string }> {
  const { bucket } = ctx.credentials;
  const client = s3Client(ctx);
  const key = `${PROBE_PREFIX}${randomUUID()}`;
  const body = new TextEncoder().encode(PROBE_BODY);
  const remove = () => ctx.call("objects.delete", (abortSignal) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }));
  const removeQuietly = () => remove().then(() => undefined, () => key);

  await attempt(ctx, STEPS.write, () =>
    ctx.call("objects.put", (abortSignal) => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "text/plain; charset=utf-8" }), { abortSignal })),
  );
  const read = await attempt(
    ctx,
    STEPS.read,
    () => ctx.call("objects.get", async (abortSignal) => (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal })).Body?.transformToString()),
    removeQuietly,
  );
  if (read !== PROBE_BODY) {
    const leftover = await removeQuietly();
    throw new ProviderCallError("objects.get", { kind: "invalid", message: `the test object read back from bucket "${bucket}" differs from what was written; check the endpoint is an S3-compatible service${leftover ? ` (the test object ${leftover} is still there)` : ""}` });
  }
  await attempt(ctx, STEPS.list, () => ctx.call("objects.list", (abortSignal) => client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: PROBE_PREFIX, MaxKeys: 1 }), { abortSignal })), removeQuietly);
  await attempt(ctx, STEPS.delete, remove);

  const origin = new URL(appUrl()).origin;
  const where = `bucket "${bucket}" (${bucketHost(ctx)})`;
  const allowed = await browserMayPut(ctx, origin);
  if (allowed === false) {
    const rules = await readCorsRules(ctx);
    const advice = corsAdvice(bucket, origin, rules === null || rules.length > 0);
    throw new ValidationError({ bucket: [advice] }, `Wrote, read and deleted a test object in ${where}, but browsers may not upload to it. ${advice}`);
  }
  const browser = allowed ? `browser uploads allowed from ${origin}` : `could not check browser uploads (the service's answer said nothing); make sure it allows PUT from ${origin} with the Content-Type header`;
  return {
    account: { id: `${bucketHost(ctx)}/${bucket}`, name: `${bucket} (${bucketHost(ctx)})` },
    detail: `Wrote, read and deleted a test object in ${where}; ${browser}.`,
  };
}
