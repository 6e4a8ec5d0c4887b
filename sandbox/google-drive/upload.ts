// Drive's upload endpoint, /upload/drive/v3/files: uploadType=multipart (metadata
// and bytes in one multipart/related body), media (bytes only), and resumable (a
// session opened with the metadata, then the bytes in chunks of multiples of
// 256 KiB, each answered 308 with the Range received until the last).
import type { Ctx } from "../core/context";
import { first, header } from "../core/context";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { sendEmpty, sendJson } from "../core/respond";
import { authorize } from "./access";
import { createFile, parentsOf, refused } from "./api";
import { driveError } from "./errors";
import { partial } from "./fields";
import { checkRequest, fileMetadata } from "./inputs";
import { FILE_DEFAULT_FIELDS, fileResource } from "./resources";
import { DRIVE_STATE, type ResumableUpload } from "./state";

const CHUNK_UNIT = 256 * 1024;
/** A session lives a week at Google. */
const SESSION_MS = 7 * 24 * 3600 * 1000;

interface Part {
  contentType: string;
  body: Buffer;
}

/** multipart/related: the parts between the boundary lines, each with its headers. */
function multipartParts(raw: Buffer, contentType: string | undefined): Part[] | null {
  const boundary = contentType?.match(/boundary="?([^";]+)"?/i)?.[1];
  if (!boundary || !/^multipart\/related/i.test(contentType ?? "")) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === "--") break;
    const next = raw.indexOf(delimiter, start);
    if (next < 0) return null;
    const chunk = raw.subarray(start, next);
    const headEnd = chunk.indexOf("\r\n\r\n");
    if (headEnd < 0) return null;
    const headers = chunk.subarray(0, headEnd).toString("utf8");
    let body = chunk.subarray(headEnd + 4);
    if (body.subarray(-2).toString() === "\r\n") body = body.subarray(0, -2);
    parts.push({ contentType: headers.match(/content-type:\s*([^\r\n]+)/i)?.[1]?.trim() ?? "application/octet-stream", body });
    at = next;
  }
  return parts.length ? parts : null;
}

function metadataOf(ctx: Ctx, text: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function created(ctx: Ctx, fileId: string): void {
  const state = DRIVE_STATE.of(ctx.rt);
  const f = state.files.get(fileId)!;
  sendJson(ctx, 200, partial(fileResource(ctx.rt, state, f), first(ctx.query.fields), FILE_DEFAULT_FIELDS));
}

function startOrSimple(ctx: Ctx): void {
  const uploadType = first(ctx.query.uploadType);
  if (uploadType !== "multipart" && uploadType !== "media" && uploadType !== "resumable") {
    record(ctx, "drive files.create (upload)");
    return driveError(ctx, 400, "invalid", `Invalid value for uploadType: ${uploadType ?? "(missing)"}; use multipart, media or resumable`, "uploadType");
  }
  let meta: unknown = {};
  let content: { bytes: Buffer; contentType: string } | null = null;
  if (uploadType === "multipart") {
    const parts = multipartParts(ctx.raw, header(ctx, "content-type"));
    if (!parts || parts.length !== 2) {
      record(ctx, "drive files.create (multipart)");
      return driveError(ctx, 400, "badContent", "Malformed multipart body: expected the metadata part and the media part.");
    }
    meta = metadataOf(ctx, parts[0]!.body.toString("utf8"));
    content = { bytes: Buffer.from(parts[1]!.body), contentType: parts[1]!.contentType };
  } else if (uploadType === "media") {
    content = { bytes: Buffer.from(ctx.raw), contentType: header(ctx, "content-type") ?? "application/octet-stream" };
  } else {
    meta = metadataOf(ctx, ctx.raw.toString("utf8"));
  }
  const outcome = checkRequest("files.create", ctx.query, { schema: fileMetadata, value: meta });
  const caller = authorize(ctx, "files.create", outcome);
  if (!caller || refused(ctx, "files.create", outcome)) return;
  const metadata = fileMetadata.parse(meta);
  if (uploadType !== "resumable") {
    const f = createFile(ctx, caller, metadata, { ...content!, uploadType });
    if (f) created(ctx, f.id);
    return;
  }
  if (!parentsOf(ctx, caller, metadata)) return;
  const announced = header(ctx, "x-upload-content-length");
  if (announced !== undefined && !/^\d+$/.test(announced)) return driveError(ctx, 400, "invalid", "Invalid X-Upload-Content-Length header.");
  const session: ResumableUpload = {
    id: `ADPycd${randomToken(40)}`,
    clientId: caller.grant.clientId,
    metadata,
    contentType: header(ctx, "x-upload-content-type") ?? metadata.mimeType ?? "application/octet-stream",
    total: announced === undefined ? null : Number(announced),
    received: Buffer.alloc(0),
    expiresAt: ctx.rt.clock.now() + SESSION_MS,
    fileId: null,
  };
  caller.state.uploads.set(session.id, session);
  const location = new URL(`${ctx.rt.url}${ctx.url.pathname}`);
  location.searchParams.set("uploadType", "resumable");
  location.searchParams.set("upload_id", session.id);
  const fields = first(ctx.query.fields);
  if (fields) location.searchParams.set("fields", fields);
  sendEmpty(ctx, 200, { Location: location.toString(), "X-GUploader-UploadID": session.id });
}

/** A chunk of a session ("bytes a-b/total", "bytes a-b/*"), or a status query ("bytes *\/total"). */
function putChunk(ctx: Ctx): void {
  record(ctx, "drive files.create (resumable chunk)");
  const state = DRIVE_STATE.of(ctx.rt);
  const id = first(ctx.query.upload_id);
  const session = id ? state.uploads.get(id) : undefined;
  if (!session || session.expiresAt <= ctx.rt.clock.now()) return driveError(ctx, 404, "notFound", "No upload session with this upload_id (it expired or never existed); start a new one.");
  if (session.fileId) return created(ctx, session.fileId);
  const range = header(ctx, "content-range") ?? (ctx.raw.length ? `bytes 0-${ctx.raw.length - 1}/${ctx.raw.length}` : "bytes */*");
  const m = range.match(/^bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)$/);
  if (!m) return driveError(ctx, 400, "invalid", `Invalid Content-Range: ${range}`);
  const total = m[3] === "*" ? null : Number(m[3]);
  if (m[1] !== undefined) {
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (end - start + 1 !== ctx.raw.length) return driveError(ctx, 400, "invalid", "The Content-Range does not match the length of the body.");
    if (start > session.received.length) return driveError(ctx, 400, "invalid", `Chunk starts at ${start} but only ${session.received.length} bytes were received.`);
    const last = total !== null && end + 1 === total;
    if (!last && ctx.raw.length % CHUNK_UNIT !== 0) return driveError(ctx, 400, "invalid", "Every chunk but the last must be a multiple of 256 KiB.");
    // A chunk sent again after a lost answer overwrites what it covers.
    session.received = Buffer.concat([session.received.subarray(0, start), ctx.raw]);
  }
  const expected = total ?? session.total;
  if (expected !== null && session.received.length > expected) return driveError(ctx, 400, "invalid", "More bytes were sent than the upload announced.");
  if (expected === null || session.received.length < expected) {
    const headers: Record<string, string> = session.received.length ? { Range: `bytes=0-${session.received.length - 1}` } : {};
    return sendEmpty(ctx, 308, headers);
  }
  // The session URI is the credential for its chunks, as at Google: the file is the app's that opened it.
  const caller = { state, grant: { id: "", clientId: session.clientId, scopes: [], revoked: false, refreshToken: null }, seesAll: false };
  const f = createFile(ctx, caller, session.metadata, { bytes: session.received, contentType: session.contentType, uploadType: "resumable" });
  if (!f) return;
  session.fileId = f.id;
  created(ctx, f.id);
}

/** What follows /upload/drive/v3/. */
export function handleUpload(ctx: Ctx, path: string): void {
  if (path === "files" && ctx.method === "POST") return startOrSimple(ctx);
  if (path === "files" && ctx.method === "PUT" && first(ctx.query.upload_id)) return putChunk(ctx);
  record(ctx, null);
  driveError(ctx, 404, "notFound", "Not Found");
}
