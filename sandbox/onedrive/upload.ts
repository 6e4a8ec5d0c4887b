// Upload sessions for large files: POST …/{parent-id}:/{name}:/createUploadSession
// answers a pre-authenticated uploadUrl (no bearer token: it is the credential);
// PUTs to it carry Content-Range chunks in order, each but the last a multiple of
// 320 KiB and at most 60 MiB, answered 202 with the next expected range until the
// last, which makes the file (201, or 200 when it replaced one). GET reads the
// session's state, DELETE ends it.
import { header, type Ctx } from "../core/context";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { sendEmpty, sendJson } from "../core/respond";
import { authorize, checkedBody, graphBase } from "./call";
import { graphError } from "./errors";
import { conflictBehavior, itemView, nameProblem, writeFile } from "./items";
import { notFound } from "./drive";
import { ONEDRIVE_STATE, type DriveItem, type UploadSession } from "./state";

export const CHUNK_MULTIPLE = 320 * 1024;
const MAX_CHUNK = 60 * 1024 * 1024;
const SESSION_MS = 24 * 3600_000;

interface SessionBody {
  item?: { name?: string; "@microsoft.graph.conflictBehavior"?: string; fileSize?: number };
  deferCommit?: boolean;
}

const sessionUrl = (ctx: Ctx, s: UploadSession) => `${graphBase(ctx)}/uploadSessions/${s.token}`;
const expiry = (s: UploadSession) => new Date(s.expiresAt).toISOString();

export async function createUploadSession(ctx: Ctx, parent: DriveItem | undefined, name: string): Promise<void> {
  const call = authorize(ctx, "uploads.create", "Files.ReadWrite");
  if (!call) return;
  // The body may be empty; when given it is the action's parameters.
  const body = ctx.body.kind === "none" ? {} : await checkedBody<SessionBody>(ctx, "uploads.create", "action:createUploadSession@graph.driveItem");
  if (!body) return;
  if (!parent) return notFound(ctx);
  if (parent.kind !== "folder") return graphError(ctx, 400, "invalidRequest", "Files can only be uploaded to a folder.");
  const problem = nameProblem(name);
  if (problem) return graphError(ctx, 400, "invalidRequest", problem);
  if (body.item?.name !== undefined && body.item.name !== name) return graphError(ctx, 400, "invalidRequest", "The item's name must match the name in the path.");
  const behavior = conflictBehavior(body.item?.["@microsoft.graph.conflictBehavior"], "replace");
  if (!behavior) return graphError(ctx, 400, "invalidRequest", "@microsoft.graph.conflictBehavior must be fail, replace or rename.");
  if (body.deferCommit) return graphError(ctx, 400, "invalidRequest", "deferCommit is not supported by the sandbox.");
  const s: UploadSession = { token: randomToken(24), parentId: parent.id, name, conflictBehavior: behavior, received: [], next: 0, total: body.item?.fileSize ?? null, chunks: 0, expiresAt: ctx.rt.clock.now() + SESSION_MS };
  call.state.uploads.set(s.token, s);
  sendJson(ctx, 200, { "@odata.context": `${graphBase(ctx)}/$metadata#microsoft.graph.uploadSession`, uploadUrl: sessionUrl(ctx, s), expirationDateTime: expiry(s), nextExpectedRanges: ["0-"] });
}

function sessionOf(ctx: Ctx, token: string): UploadSession | undefined {
  const state = ONEDRIVE_STATE.of(ctx.rt);
  const s = state.uploads.get(token);
  if (s && s.expiresAt <= ctx.rt.clock.now()) state.uploads.delete(token);
  return s && s.expiresAt > ctx.rt.clock.now() ? s : undefined;
}

/** The upload URL: PUT a chunk, GET the state, DELETE to give up. */
export function uploadUrl(ctx: Ctx, token: string): void {
  const op = ctx.method === "PUT" ? "uploads.chunk" : ctx.method === "GET" ? "uploads.status" : "uploads.cancel";
  record(ctx, `onedrive ${op}`);
  const state = ONEDRIVE_STATE.of(ctx.rt);
  const s = sessionOf(ctx, token);
  if (!s) return graphError(ctx, 404, "itemNotFound", "The upload session was not found or has expired.");
  if (ctx.method === "DELETE") {
    state.uploads.delete(token);
    return sendEmpty(ctx, 204);
  }
  if (ctx.method === "GET") return sendJson(ctx, 200, { expirationDateTime: expiry(s), nextExpectedRanges: [`${s.next}-`] });
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header(ctx, "content-range") ?? "");
  if (!range) return graphError(ctx, 400, "invalidRequest", "The Content-Range header is missing or malformed (bytes {start}-{end}/{total}).");
  const [start, end, total] = range.slice(1).map(Number) as [number, number, number];
  const length = end - start + 1;
  if (end < start || end >= total) return graphError(ctx, 400, "invalidRequest", "The Content-Range is not valid.");
  if (ctx.raw.length !== length) return graphError(ctx, 400, "invalidRequest", `The body has ${ctx.raw.length} bytes but Content-Range names ${length}.`);
  if (s.total !== null && total !== s.total) return graphError(ctx, 400, "invalidRequest", `The file's size was given as ${s.total}.`);
  if (start !== s.next) return graphError(ctx, 416, "invalidRange", `The uploaded fragment overlaps or leaves a gap: the next expected range is ${s.next}-.`);
  const last = end === total - 1;
  if (length > MAX_CHUNK) return graphError(ctx, 413, "requestTooLarge", "A fragment may be at most 60 MiB.");
  if (!last && length % CHUNK_MULTIPLE !== 0) return graphError(ctx, 400, "invalidRequest", `A fragment other than the last must be a multiple of 320 KiB (327,680 bytes); this one has ${length}.`);
  s.total = total;
  s.received.push(Buffer.from(ctx.raw));
  s.next = end + 1;
  s.chunks++;
  if (!last) return sendJson(ctx, 202, { expirationDateTime: expiry(s), nextExpectedRanges: [`${s.next}-`] });
  state.uploads.delete(token);
  const parent = state.items.get(s.parentId);
  if (!parent || parent.deletedAt) return graphError(ctx, 404, "itemNotFound", "The folder of the upload no longer exists.");
  const written = writeFile(state, parent, s.name, Buffer.concat(s.received), mimeOf(s.name), s.conflictBehavior, { via: "session", chunks: s.chunks }, new Date(ctx.rt.clock.now()).toISOString());
  if (written === "conflict" || written === "folder") return graphError(ctx, 409, "nameAlreadyExists", "The specified item name already exists.");
  sendJson(ctx, written.created ? 201 : 200, itemView(ctx, state, written.item));
}

const MIME: Record<string, string> = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", zip: "application/zip", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };

/** OneDrive types a session-uploaded file by its extension. */
function mimeOf(name: string): string {
  return MIME[name.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
}
