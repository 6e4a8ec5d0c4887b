// What a person does in the provider's console, as control operations: create a
// bucket, mint an access key scoped to buckets, make a key read-only or take its
// rights away (to see a permission failure), replace a bucket's CORS rules (to
// see a CORS failure), and empty a bucket.
import { randomBytes } from "node:crypto";
import { bad, conflict, notFound, type ControlInput, type ControlResult, type ControlRoutes } from "../core/control";
import type { Ctx } from "../core/context";
import { pick } from "../core/ids";
import { checkCorsRules } from "./bucket";
import { KEY_ACCESS, newBucket, S3_STATE, type CorsRule, type KeyAccess } from "./state";

/** S3's rules for a general purpose bucket's name. */
const BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|\.\.))[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const stringList = (v: unknown): string[] | null => (Array.isArray(v) && v.every((s) => typeof s === "string") ? (v as string[]) : null);

/** CORS rules in the control API's JSON: the XML's element names in camel case. */
function corsFromJson(v: unknown): CorsRule[] | string {
  if (!Array.isArray(v)) return "rules must be a list of {allowedOrigins, allowedMethods, allowedHeaders?, exposeHeaders?, maxAgeSeconds?}";
  const rules: CorsRule[] = [];
  for (const raw of v) {
    const r = (raw ?? {}) as Record<string, unknown>;
    const allowedOrigins = stringList(r.allowedOrigins);
    const allowedMethods = stringList(r.allowedMethods);
    if (!allowedOrigins || !allowedMethods) return "each rule needs allowedOrigins and allowedMethods (lists of strings)";
    rules.push({
      allowedOrigins,
      allowedMethods,
      allowedHeaders: stringList(r.allowedHeaders) ?? [],
      exposeHeaders: stringList(r.exposeHeaders) ?? [],
      maxAgeSeconds: typeof r.maxAgeSeconds === "number" ? r.maxAgeSeconds : undefined,
    });
  }
  if (rules.length === 0) return rules;
  const refused = checkCorsRules(rules);
  return refused ? refused.message : rules;
}

function createBucket(ctx: Ctx, input: ControlInput): ControlResult {
  const state = S3_STATE.of(ctx.rt);
  const name = input.name;
  if (typeof name !== "string" || !BUCKET_NAME.test(name)) return bad("name must be a valid S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens");
  if (state.buckets.has(name)) return conflict(`bucket ${name} exists`);
  let cors: CorsRule[] | null = null;
  if (input.cors !== undefined) {
    const parsed = corsFromJson(input.cors);
    if (typeof parsed === "string") return bad(parsed);
    cors = parsed.length ? parsed : null;
  }
  const region = typeof input.region === "string" ? input.region : undefined;
  state.buckets.set(name, newBucket(name, ctx.rt.clock.now(), cors, region));
  return { status: 201, body: { name, region: state.buckets.get(name)!.region, cors } };
}

function mintKey(ctx: Ctx, input: ControlInput): ControlResult {
  const state = S3_STATE.of(ctx.rt);
  const buckets = input.buckets === undefined ? ["*"] : stringList(input.buckets);
  if (!buckets || buckets.length === 0) return bad('buckets must be a list of bucket names, or ["*"] for all');
  const unknown = buckets.find((b) => b !== "*" && !state.buckets.has(b));
  if (unknown) return notFound(`no bucket ${unknown}`);
  const access = (input.access ?? "read-write") as KeyAccess;
  if (!KEY_ACCESS.includes(access)) return bad(`access must be one of ${KEY_ACCESS.join(", ")}`);
  const id = `AKIASBX${pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 13)}`;
  const secret = randomBytes(30).toString("base64").replace(/[+/]/g, "x");
  state.keys.set(id, { id, secret, buckets, access, createdMs: ctx.rt.clock.now() });
  return { status: 201, body: { accessKeyId: id, secretAccessKey: secret, buckets, access } };
}

function setAccess(ctx: Ctx, input: ControlInput): ControlResult {
  const key = S3_STATE.of(ctx.rt).keys.get(String(input.accessKeyId));
  if (!key) return notFound(`no access key ${String(input.accessKeyId)}`);
  if (!KEY_ACCESS.includes(input.access as KeyAccess)) return bad(`access must be one of ${KEY_ACCESS.join(", ")}`);
  key.access = input.access as KeyAccess;
  return { status: 200, body: { accessKeyId: key.id, access: key.access, buckets: key.buckets } };
}

function setCors(ctx: Ctx, input: ControlInput): ControlResult {
  const bucket = S3_STATE.of(ctx.rt).buckets.get(String(input.bucket));
  if (!bucket) return notFound(`no bucket ${String(input.bucket)}`);
  const parsed = corsFromJson(input.rules);
  if (typeof parsed === "string") return bad(parsed);
  bucket.cors = parsed.length ? parsed : null;
  return { status: 200, body: { bucket: bucket.name, cors: bucket.cors } };
}

function clear(ctx: Ctx, input: ControlInput): ControlResult {
  const state = S3_STATE.of(ctx.rt);
  const names = input.bucket === undefined ? [...state.buckets.keys()] : [String(input.bucket)];
  let objects = 0;
  for (const name of names) {
    const b = state.buckets.get(name);
    if (!b) return notFound(`no bucket ${name}`);
    objects += b.objects.size;
    b.objects.clear();
    b.uploads.clear();
  }
  return { status: 200, body: { cleared: names, objects } };
}

export const S3_CONTROL: ControlRoutes = {
  "/buckets": { POST: createBucket },
  "/keys": { POST: mintKey },
  "/keys/access": { POST: setAccess },
  "/cors": { POST: setCors },
  "/clear": { POST: clear },
};
