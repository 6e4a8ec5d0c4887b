// Objects: PutObject, GetObject (with Range and conditional headers), HeadObject
// and DeleteObject, with the headers S3 stores and returns.
import { createHash } from "node:crypto";
import type { Ctx } from "../core/context";
import { noSuchKey, type S3ErrorSpec } from "./errors";
import type { Payload } from "./payload";
import { httpDate, sendNothing, sendRaw } from "./respond";
import type { Bucket, StoredObject } from "./state";

/** Headers S3 keeps with an object and sends back on GET and HEAD. */
const STORED_HEADERS = ["cache-control", "content-disposition", "content-encoding", "content-language", "expires"];

export function objectHeaders(ctx: Ctx): Pick<StoredObject, "contentType" | "metadata" | "stored"> {
  const metadata: Record<string, string> = {};
  const stored: Record<string, string> = {};
  for (const [name, v] of Object.entries(ctx.req.headers)) {
    if (typeof v !== "string") continue;
    if (name.startsWith("x-amz-meta-")) metadata[name.slice("x-amz-meta-".length)] = v;
    else if (STORED_HEADERS.includes(name)) stored[name] = v;
  }
  // aws-chunked is how the body travelled, not how the object is encoded.
  if (stored["content-encoding"]) {
    const rest = stored["content-encoding"].split(",").map((s) => s.trim()).filter((s) => s && s !== "aws-chunked");
    if (rest.length) stored["content-encoding"] = rest.join(", ");
    else delete stored["content-encoding"];
  }
  return { contentType: String(ctx.req.headers["content-type"] ?? "binary/octet-stream"), metadata, stored };
}

export const md5Etag = (b: Buffer) => `"${createHash("md5").update(b).digest("hex")}"`;

function checksumHeaders(p: Payload): Record<string, string> {
  return Object.fromEntries(Object.entries(p.checksums).map(([a, v]) => [`x-amz-checksum-${a}`, v]));
}

export function putObject(ctx: Ctx, bucket: Bucket, key: string, payload: Payload): S3ErrorSpec | void {
  const existing = bucket.objects.get(key);
  if (ctx.req.headers["if-none-match"] === "*" && existing) return { status: 412, code: "PreconditionFailed", message: "At least one of the pre-conditions you specified did not hold", details: { Condition: "If-None-Match" } };
  const obj: StoredObject = { key, body: payload.body, etag: md5Etag(payload.body), lastModifiedMs: ctx.rt.clock.now(), ...objectHeaders(ctx), checksums: payload.checksums };
  bucket.objects.set(key, obj);
  sendNothing(ctx, 200, { ETag: obj.etag, "x-amz-server-side-encryption": "AES256", ...checksumHeaders(payload) });
}

function range(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

const OVERRIDES: Record<string, string> = {
  "response-content-type": "Content-Type",
  "response-content-disposition": "Content-Disposition",
  "response-cache-control": "Cache-Control",
  "response-content-encoding": "Content-Encoding",
  "response-content-language": "Content-Language",
  "response-expires": "Expires",
};

/** GetObject and HeadObject: the same headers, the bytes only for GET. */
export function getObject(ctx: Ctx, bucket: Bucket, key: string): S3ErrorSpec | void {
  const obj = bucket.objects.get(key);
  if (!obj) return ctx.method === "HEAD" ? { status: 404, code: "NotFound", message: "Not Found" } : noSuchKey(key);
  const ifMatch = ctx.req.headers["if-match"];
  if (typeof ifMatch === "string" && ifMatch !== "*" && ifMatch.replace(/"/g, "") !== obj.etag.replace(/"/g, "")) {
    return { status: 412, code: "PreconditionFailed", message: "At least one of the pre-conditions you specified did not hold", details: { Condition: "If-Match" } };
  }
  const headers: Record<string, string | number> = {
    "Content-Type": obj.contentType,
    ETag: obj.etag,
    "Last-Modified": httpDate(obj.lastModifiedMs),
    "Accept-Ranges": "bytes",
    "x-amz-server-side-encryption": "AES256",
  };
  for (const [name, v] of Object.entries(obj.stored)) headers[name] = v;
  for (const [name, v] of Object.entries(obj.metadata)) headers[`x-amz-meta-${name}`] = v;
  // The stored checksum is the whole object's: S3 sends it only when the whole object is sent.
  if (ctx.req.headers["x-amz-checksum-mode"] === "ENABLED" && !ctx.req.headers.range) for (const [a, v] of Object.entries(obj.checksums)) headers[`x-amz-checksum-${a}`] = v;
  for (const [param, header] of Object.entries(OVERRIDES)) if (typeof ctx.query[param] === "string") headers[header] = ctx.query[param];
  const ifNoneMatch = ctx.req.headers["if-none-match"];
  if (typeof ifNoneMatch === "string" && ifNoneMatch.replace(/"/g, "") === obj.etag.replace(/"/g, "")) return sendNothing(ctx, 304, { ETag: obj.etag, "Last-Modified": headers["Last-Modified"]! });
  const r = range(ctx.req.headers.range, obj.body.length);
  if (r === "unsatisfiable") {
    return { status: 416, code: "InvalidRange", message: "The requested range is not satisfiable", details: { RangeRequested: String(ctx.req.headers.range), ActualObjectSize: String(obj.body.length) } };
  }
  if (r) {
    const part = obj.body.subarray(r.start, r.end + 1);
    return sendRaw(ctx, 206, { ...headers, "Content-Length": part.length, "Content-Range": `bytes ${r.start}-${r.end}/${obj.body.length}` }, part);
  }
  sendRaw(ctx, 200, { ...headers, "Content-Length": obj.body.length }, obj.body);
}

/** S3 answers 204 whether or not the key existed. */
export function deleteObject(ctx: Ctx, bucket: Bucket, key: string): void {
  bucket.objects.delete(key);
  sendNothing(ctx, 204);
}
