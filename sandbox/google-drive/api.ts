// Drive v3 under /google-drive/drive/v3/: about.get, files.create (metadata only;
// uploads are upload.ts), files.get/list/delete, permissions.create/list/delete,
// each checked (inputs.ts) and answered with Drive's status codes and error bodies.
import { createHash } from "node:crypto";
import type { Ctx } from "../core/context";
import { first } from "../core/context";
import { record } from "../core/record";
import { sendEmpty, sendJson } from "../core/respond";
import type { ValidationOutcome } from "../core/validation-outcome";
import { authorize, fileOr404, resolveId, visible, type Caller } from "./access";
import { driveError, fileNotFound, apiError } from "./errors";
import { checkRequest, fileMetadata, permissionInput, type DriveOperation, type FileMetadata, type PermissionInput } from "./inputs";
import { partial } from "./fields";
import { parseQuery } from "./query";
import { FILE_DEFAULT_FIELDS, fileResource, newFileId, PERMISSION_DEFAULT_FIELDS, permissionIdFor, permissionResource, ownerPermission } from "./resources";
import { FOLDER_MIME, ROOT_FOLDER_ID, type DriveFile } from "./state";

const jsonBody = (ctx: Ctx): unknown => (ctx.body.kind === "json" ? ctx.body.value : ctx.body.kind === "none" ? {} : undefined);

/** Refuses a request that breaks its method's description; true when it did. */
export function refused(ctx: Ctx, operation: DriveOperation, outcome: ValidationOutcome): boolean {
  if (!outcome.issues.length) return false;
  record(ctx, `drive ${operation}`, outcome);
  const errors = outcome.issues.map((i) =>
    i.location === "query"
      ? { domain: "global", reason: i.rule === "unknownParameter" ? "invalidParameter" : "invalid", message: `Invalid value for ${i.path}: ${i.message}`, location: i.path, locationType: "parameter" }
      : { domain: "global", reason: i.rule === "fieldNotWritable" ? "fieldNotWritable" : i.rule === "invalid_type" && /undefined/.test(i.message) ? "required" : "invalid", message: i.path ? `${i.path}: ${i.message}` : i.message },
  );
  apiError(ctx, 400, errors[0]!.message, errors);
  return true;
}

const fieldsOf = (ctx: Ctx) => first(ctx.query.fields);

/** Creates a file or folder from checked metadata (and bytes, for an upload); null when a 404 was answered for its parent. */
/** The metadata's parents, each a folder the app may see, or null with a 404 answered for the first that is not. */
export function parentsOf(ctx: Ctx, caller: Caller, meta: FileMetadata): string[] | null {
  const parents = (meta.parents ?? ["root"]).map(resolveId);
  for (const p of parents) {
    const parent = caller.state.files.get(p);
    if (p !== ROOT_FOLDER_ID && !(visible(caller, parent) && parent.mimeType === FOLDER_MIME && !parent.trashed)) {
      fileNotFound(ctx, p);
      return null;
    }
  }
  return parents;
}

export function createFile(ctx: Ctx, caller: Caller, meta: FileMetadata, content: { bytes: Buffer; contentType: string; uploadType: string } | null): DriveFile | null {
  const parents = parentsOf(ctx, caller, meta);
  if (!parents) return null;
  if (meta.id && caller.state.files.has(meta.id)) {
    driveError(ctx, 409, "duplicate", "A file already exists with the provided ID.");
    return null;
  }
  const now = new Date(ctx.rt.clock.now()).toISOString();
  const f: DriveFile = {
    id: meta.id ?? newFileId(),
    name: meta.name ?? "Untitled",
    mimeType: meta.mimeType ?? content?.contentType ?? "application/octet-stream",
    parents,
    description: meta.description ?? null,
    appProperties: meta.appProperties ?? {},
    properties: meta.properties ?? {},
    createdBy: caller.grant.clientId,
    createdTime: meta.createdTime ?? now,
    modifiedTime: meta.modifiedTime ?? now,
    content: content?.bytes ?? null,
    md5: content ? createHash("md5").update(content.bytes).digest("hex") : null,
    uploadType: content?.uploadType ?? null,
    trashed: false,
    permissions: [],
  };
  caller.state.files.set(f.id, f);
  return f;
}

function answerFile(ctx: Ctx, caller: Caller, f: DriveFile, status = 200): void {
  sendJson(ctx, status, partial(fileResource(ctx.rt, caller.state, f), fieldsOf(ctx), FILE_DEFAULT_FIELDS));
}

function about(ctx: Ctx): void {
  const outcome = checkRequest("about.get", ctx.query);
  const caller = authorize(ctx, "about.get", outcome);
  if (!caller || refused(ctx, "about.get", outcome)) return;
  if (!fieldsOf(ctx)) return driveError(ctx, 400, "required", "The 'fields' parameter is required for this method.", "fields");
  const u = caller.state.user;
  sendJson(ctx, 200, partial({ kind: "drive#about", user: { kind: "drive#user", displayName: u.displayName, emailAddress: u.emailAddress, permissionId: u.permissionId, me: true }, storageQuota: { limit: "16106127360", usage: "0" } }, fieldsOf(ctx), ""));
}

function createMetadata(ctx: Ctx): void {
  const body = jsonBody(ctx);
  const outcome = checkRequest("files.create", ctx.query, { schema: fileMetadata, value: body });
  const caller = authorize(ctx, "files.create", outcome);
  if (!caller || refused(ctx, "files.create", outcome)) return;
  const f = createFile(ctx, caller, fileMetadata.parse(body), null);
  if (f) answerFile(ctx, caller, f);
}

function list(ctx: Ctx): void {
  const outcome = checkRequest("files.list", ctx.query);
  const caller = authorize(ctx, "files.list", outcome);
  if (!caller || refused(ctx, "files.list", outcome)) return;
  const q = first(ctx.query.q);
  const match = q === undefined || q.trim() === "" ? () => true : parseQuery(q, resolveId);
  if (!match) return driveError(ctx, 400, "invalid", "Invalid Value", "q");
  const all = [...caller.state.files.values()].filter((f) => visible(caller, f) && match(f));
  const size = Math.min(Number(first(ctx.query.pageSize) ?? 100) || 100, 1000);
  const start = Number(first(ctx.query.pageToken) ?? 0) || 0;
  const page = all.slice(start, start + size);
  const next = start + size < all.length ? String(start + size) : undefined;
  const body = { kind: "drive#fileList", incompleteSearch: false, ...(next ? { nextPageToken: next } : {}), files: page.map((f) => fileResource(ctx.rt, caller.state, f)) };
  const fields = fieldsOf(ctx);
  sendJson(ctx, 200, fields ? partial(body, fields, "") : { ...body, files: page.map((f) => partial(fileResource(ctx.rt, caller.state, f), undefined, FILE_DEFAULT_FIELDS)) });
}

/** Deleting a folder deletes everything in it, as Drive does for the owner's files. */
function removeTree(files: Map<string, DriveFile>, id: string): void {
  files.delete(id);
  for (const child of [...files.values()].filter((f) => f.parents.includes(id))) removeTree(files, child.id);
}

function oneFile(ctx: Ctx, id: string): void {
  const operation: DriveOperation | null = ctx.method === "GET" ? "files.get" : ctx.method === "DELETE" ? "files.delete" : null;
  if (!operation) {
    record(ctx, null);
    return driveError(ctx, 405, "httpMethodNotAllowed", "Method Not Allowed");
  }
  const outcome = checkRequest(operation, ctx.query);
  const caller = authorize(ctx, operation, outcome);
  if (!caller || refused(ctx, operation, outcome)) return;
  const f = fileOr404(ctx, caller, resolveId(id));
  if (!f) return;
  if (operation === "files.get") {
    if (first(ctx.query.alt) === "media") {
      if (!f.content) return driveError(ctx, 403, "fileNotDownloadable", "Only files with binary content can be downloaded. Use Export with Docs Editors files.");
      ctx.res.writeHead(200, { "Content-Type": f.mimeType, "Content-Length": f.content.length });
      if (ctx.entry) ctx.entry.status = 200;
      return void ctx.res.end(f.content);
    }
    return answerFile(ctx, caller, f);
  }
  removeTree(caller.state.files, f.id);
  sendEmpty(ctx, 204);
}

function permissions(ctx: Ctx, fileId: string, permissionId: string | undefined): void {
  const operation: DriveOperation | null =
    permissionId === undefined ? (ctx.method === "POST" ? "permissions.create" : ctx.method === "GET" ? "permissions.list" : null) : ctx.method === "DELETE" ? "permissions.delete" : null;
  if (!operation) {
    record(ctx, null);
    return driveError(ctx, 405, "httpMethodNotAllowed", "Method Not Allowed");
  }
  const body = jsonBody(ctx);
  const outcome = checkRequest(operation, ctx.query, operation === "permissions.create" ? { schema: permissionInput, value: body } : undefined);
  const caller = authorize(ctx, operation, outcome);
  if (!caller || refused(ctx, operation, outcome)) return;
  const f = fileOr404(ctx, caller, resolveId(fileId));
  if (!f) return;
  const fields = fieldsOf(ctx);
  if (operation === "permissions.list") {
    const all = [ownerPermission(caller.state), ...f.permissions].map(permissionResource);
    return sendJson(ctx, 200, { kind: "drive#permissionList", permissions: all.map((p) => partial(p, fields?.match(/permissions\((.*)\)/)?.[1], PERMISSION_DEFAULT_FIELDS)) });
  }
  if (operation === "permissions.delete") {
    const i = f.permissions.findIndex((p) => p.id === permissionId);
    if (permissionId === caller.state.user.permissionId) return driveError(ctx, 403, "cannotRemoveOwner", "The owner of a file cannot be removed.");
    if (i < 0) return driveError(ctx, 404, "notFound", `Permission not found: ${permissionId}.`, "permissionId");
    f.permissions.splice(i, 1);
    return sendEmpty(ctx, 204);
  }
  const input = permissionInput.parse(body) as PermissionInput;
  const notify = first(ctx.query.sendNotificationEmail);
  const personal = input.type === "user" || input.type === "group";
  if (notify !== undefined && !personal) return driveError(ctx, 400, "invalidSharingRequest", "sendNotificationEmail is only allowed when sharing with users or groups.", "sendNotificationEmail");
  if (input.role === "owner") return driveError(ctx, 403, "consentRequiredForOwnershipTransfer", "Ownership transfer requires transferOwnership=true.");
  const email = input.emailAddress?.toLowerCase() ?? null;
  const id = email ? permissionIdFor(email) : input.type === "anyone" ? "anyoneWithLink" : `domain:${input.domain}`;
  const existing = f.permissions.find((p) => p.id === id);
  const p = existing ?? { id, type: input.type, role: input.role, emailAddress: email, domain: input.domain ?? null, notified: false, emailMessage: null };
  // Sharing again with the same person changes their role; Drive keeps one permission per person.
  p.role = input.role;
  p.notified = personal && notify !== "false";
  p.emailMessage = first(ctx.query.emailMessage) ?? null;
  if (!existing) f.permissions.push(p);
  sendJson(ctx, 200, partial(permissionResource(p), fields, PERMISSION_DEFAULT_FIELDS));
}

/** What follows /drive/v3/. */
export function handleDriveApi(ctx: Ctx, path: string): void {
  if (path === "about" && ctx.method === "GET") return about(ctx);
  if (path === "files" && ctx.method === "POST") return createMetadata(ctx);
  if (path === "files" && ctx.method === "GET") return list(ctx);
  const perm = path.match(/^files\/([^/]+)\/permissions(?:\/([^/]+))?$/);
  if (perm) return permissions(ctx, decodeURIComponent(perm[1]!), perm[2] === undefined ? undefined : decodeURIComponent(perm[2]));
  const one = path.match(/^files\/([^/]+)$/);
  if (one) return oneFile(ctx, decodeURIComponent(one[1]!));
  record(ctx, null);
  driveError(ctx, 404, "notFound", "Not Found");
}
