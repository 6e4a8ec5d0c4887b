// The Upload API (upload, destroy) and the Admin API calls Switchboard makes
// (ping, resources by prefix, one resource), under /cloudinary/v1_1/<cloud>/….
import { randomBytes, createHash } from "node:crypto";
import type { Ctx } from "../core/context";
import { safeDecode } from "../core/path-template";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { imageFormat, resourceView } from "./assets";
import { basicAuth, findCloud, signedAuth, type Refusal } from "./auth";
import { apiError, rateLimitHeaders, rateLimitMessage } from "./errors";
import { destroyInput, KNOWN, listInput, outcomeOf, uploadInput } from "./inputs";
import { dataUriBytes, readUploadParams } from "./params";
import { ADMIN_CALLS_PER_HOUR, assetKey, CLOUDINARY_STATE, type Cloud, type CloudinaryState } from "./state";

/** Cloudinary's free plan takes images up to 10 MB. */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const refuse = (ctx: Ctx, r: Refusal) => apiError(ctx, r.status, r.message);

async function upload(ctx: Ctx, state: CloudinaryState, cloud: Cloud): Promise<void> {
  record(ctx, "cloudinary upload");
  const params = await readUploadParams(ctx);
  if (typeof params === "string") return apiError(ctx, 400, params);
  const refused = signedAuth(ctx, state, cloud, params.fields);
  if (refused) return refuse(ctx, refused);
  const parsed = uploadInput.safeParse(params.fields);
  const outcome = outcomeOf(parsed, params.fields, KNOWN.upload, "formData");
  record(ctx, "cloudinary upload", outcome);
  if (!parsed.success) return apiError(ctx, 400, `Invalid parameter ${outcome.issues[0]!.path}: ${outcome.issues[0]!.message}`);
  const input = parsed.data;
  if (params.file === null) return apiError(ctx, 400, "Missing required parameter - file");
  const bytes = typeof params.file === "string" ? dataUriBytes(params.file) : params.file.bytes;
  if (bytes === null) return apiError(ctx, 400, "The sandbox does not fetch remote files: send the file's bytes or a base64 data URI");
  if (bytes.length > MAX_IMAGE_BYTES) return apiError(ctx, 400, `File size too large. Got ${bytes.length}. Maximum is ${MAX_IMAGE_BYTES}.`);
  const format = await imageFormat(bytes);
  if (!format) return apiError(ctx, 400, "Invalid image file");
  const name = input.public_id ?? randomBytes(10).toString("hex");
  const publicId = input.folder ? `${input.folder.replace(/\/+$/, "")}/${name}` : name;
  const key = assetKey(cloud.name, publicId);
  const existing = state.assets.get(key);
  // Signed uploads overwrite by default; asked not to, Cloudinary answers with what it has.
  if (existing && input.overwrite === false) return sendJson(ctx, 200, { ...resourceView(ctx.rt, existing), existing: true });
  const nowMs = ctx.rt.clock.now();
  const version = Math.max(Math.floor(nowMs / 1000), (existing?.version ?? 0) + 1);
  const asset = {
    assetId: existing?.assetId ?? randomBytes(16).toString("hex"),
    cloud: cloud.name,
    publicId,
    bytes,
    format,
    version,
    createdAt: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
    originalFilename: typeof params.file === "string" ? "file" : params.file.filename.replace(/\.[^.]*$/, ""),
    deliveries: existing?.deliveries ?? [],
  };
  state.assets.set(key, asset);
  sendJson(ctx, 200, {
    ...resourceView(ctx.rt, asset),
    version_id: randomBytes(16).toString("hex"),
    signature: createHash("sha1").update(`public_id=${publicId}&version=${version}${cloud.apiSecret}`).digest("hex"),
    etag: createHash("md5").update(bytes).digest("hex"),
    original_filename: asset.originalFilename,
    api_key: cloud.apiKey,
    ...(existing ? { overwritten: true } : {}),
  });
}

async function destroy(ctx: Ctx, state: CloudinaryState, cloud: Cloud): Promise<void> {
  record(ctx, "cloudinary destroy");
  const params = await readUploadParams(ctx);
  if (typeof params === "string") return apiError(ctx, 400, params);
  const refused = signedAuth(ctx, state, cloud, params.fields);
  if (refused) return refuse(ctx, refused);
  const parsed = destroyInput.safeParse(params.fields);
  const outcome = outcomeOf(parsed, params.fields, KNOWN.destroy, "formData");
  record(ctx, "cloudinary destroy", outcome);
  if (!parsed.success) return apiError(ctx, 400, `Invalid parameter ${outcome.issues[0]!.path}: ${outcome.issues[0]!.message}`);
  const key = assetKey(cloud.name, parsed.data.public_id);
  if (!state.assets.delete(key)) return sendJson(ctx, 200, { result: "not found" });
  state.destroyed.push({ cloud: cloud.name, publicId: parsed.data.public_id, at: new Date(ctx.rt.clock.now()).toISOString() });
  sendJson(ctx, 200, { result: "ok" });
}

/** Counts an Admin API call against the cloud's hourly limit; the headers to answer with, or the 420 sent. */
function adminCall(ctx: Ctx, cloud: Cloud): Record<string, string> | null {
  const nowMs = ctx.rt.clock.now();
  const w = cloud.adminWindow;
  if (nowMs - w.startMs >= 3_600_000) Object.assign(w, { startMs: nowMs - (nowMs % 3_600_000), calls: 0 });
  w.calls++;
  const resetMs = w.startMs + 3_600_000;
  const headers = rateLimitHeaders(ADMIN_CALLS_PER_HOUR, ADMIN_CALLS_PER_HOUR - w.calls, resetMs);
  if (w.calls <= ADMIN_CALLS_PER_HOUR) return headers;
  apiError(ctx, 420, rateLimitMessage(ADMIN_CALLS_PER_HOUR, resetMs), headers);
  return null;
}

function listResources(ctx: Ctx, state: CloudinaryState, cloud: Cloud, headers: Record<string, string>): void {
  const query = Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, Array.isArray(v) ? v.at(-1)! : v]));
  const parsed = listInput.safeParse(query);
  const outcome = outcomeOf(parsed, query, KNOWN.list, "query");
  record(ctx, "cloudinary resources", outcome);
  if (!parsed.success) return apiError(ctx, 400, `Invalid parameter ${outcome.issues[0]!.path}: ${outcome.issues[0]!.message}`, headers);
  const { prefix = "", max_results = 10, next_cursor, direction } = parsed.data;
  const all = [...state.assets.values()].filter((a) => a.cloud === cloud.name && a.publicId.startsWith(prefix));
  all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.publicId.localeCompare(b.publicId));
  if (direction !== "asc" && direction !== "1") all.reverse();
  const start = next_cursor ? Number.parseInt(Buffer.from(next_cursor, "base64url").toString("utf8"), 10) : 0;
  if (!Number.isSafeInteger(start) || start < 0) return apiError(ctx, 400, "Invalid next_cursor", headers);
  const page = all.slice(start, start + max_results);
  const more = start + max_results < all.length;
  sendJson(ctx, 200, { resources: page.map((a) => resourceView(ctx.rt, a)), ...(more ? { next_cursor: Buffer.from(String(start + max_results)).toString("base64url") } : {}) }, headers);
}

function getResource(ctx: Ctx, state: CloudinaryState, cloud: Cloud, publicId: string, headers: Record<string, string>): void {
  record(ctx, "cloudinary resource");
  const a = state.assets.get(assetKey(cloud.name, publicId));
  if (!a) return apiError(ctx, 404, `Resource not found - ${publicId}`, headers);
  sendJson(ctx, 200, { ...resourceView(ctx.rt, a), derived: [] }, headers);
}

export async function handleApi(ctx: Ctx, cloudName: string, rest: string): Promise<void> {
  const state = CLOUDINARY_STATE.of(ctx.rt);
  const cloud = findCloud(state, cloudName);
  if ("message" in cloud) {
    record(ctx, null);
    return refuse(ctx, cloud);
  }
  if (rest === "image/upload" && ctx.method === "POST") return upload(ctx, state, cloud);
  if (rest === "image/destroy" && ctx.method === "POST") return destroy(ctx, state, cloud);
  const resource = rest.match(/^resources\/image\/upload\/(.+)$/);
  const admin = rest === "ping" || rest === "resources/image" || rest === "resources/image/upload" || resource;
  if (!admin || ctx.method !== "GET") {
    record(ctx, null);
    return apiError(ctx, 404, `Unknown API call ${ctx.method} /v1_1/${cloudName}/${rest}`);
  }
  const refused = basicAuth(ctx, state, cloud);
  if (refused) {
    record(ctx, `cloudinary ${rest === "ping" ? "ping" : "resources"}`);
    return refuse(ctx, refused);
  }
  const headers = adminCall(ctx, cloud);
  if (!headers) return;
  if (rest === "ping") {
    record(ctx, "cloudinary ping");
    return sendJson(ctx, 200, { status: "ok" }, headers);
  }
  if (resource) return getResource(ctx, state, cloud, resource[1]!.split("/").map(safeDecode).join("/"), headers);
  listResources(ctx, state, cloud, headers);
}
