// OneDrive under /onedrive: Graph v1.0's drive endpoints at /onedrive/v1.0/…
// (me, me/drive, items by id or path, children, content, upload sessions,
// invite, permissions, createLink) and the identity platform at
// /onedrive/{tenant}/oauth2/v2.0/…. JSON bodies are checked against Graph's CSDL
// (../shared/specs/microsoft/graph-v1.0.csdl): driveItem, and the invite,
// createLink and createUploadSession actions bound to driveItem.
import type { Ctx } from "../core/context";
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { GRAPH_SPEC } from "../validation/graph-spec";
import { onedriveCredentials } from "./credentials";
import { createFolder, deleteItem, getDrive, getItem, getMe, listChildren, putContent } from "./drive";
import { faultError, graphError } from "./errors";
import { onedriveInbox, onedriveSection } from "./inbox";
import { live, resolvePath } from "./items";
import { handleAuthorize, handleToken } from "./oauth";
import { createLink, deletePermission, invite, listPermissions } from "./sharing";
import { ONEDRIVE_STATE, type DriveItem, type OneDriveState } from "./state";
import { createUploadSession, uploadUrl } from "./upload";

const CSS = `tr.deleted td, li.deleted{text-decoration:line-through;opacity:.6}`;

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

interface Addressed {
  /** The item addressed; undefined when it does not exist. */
  item: DriveItem | undefined;
  /** The last segment of a path address (a name that may not exist yet: …:/name:/content). */
  base: DriveItem | undefined;
  name: string | null;
  rest: string;
}

/** me/drive/root…, me/drive/items/{id}…, each optionally followed by :/{path}: and then /{what}. */
function address(state: OneDriveState, p: string): Addressed | null {
  let base: DriveItem | undefined;
  let rest: string;
  if (p === "root" || p.startsWith("root/") || p.startsWith("root:")) {
    base = live(state, state.rootId);
    rest = p.slice(4);
  } else {
    const m = /^items\/([^/:]+)(.*)$/.exec(p);
    if (!m) return null;
    base = live(state, decode(m[1]!));
    rest = m[2]!;
  }
  if (!rest.startsWith(":/")) return { item: base, base, name: null, rest };
  const end = rest.indexOf(":", 2);
  const segments = (end < 0 ? rest.slice(2) : rest.slice(2, end)).split("/").filter(Boolean).map(decode);
  const after = end < 0 ? "" : rest.slice(end + 1);
  const parent = base ? resolvePath(state, base, segments.slice(0, -1)) : undefined;
  const name = segments.at(-1) ?? null;
  const item = parent && name ? resolvePath(state, parent, [name]) : undefined;
  return { item, base: parent, name, rest: after };
}

async function graph(ctx: Ctx, path: string): Promise<void> {
  const m = ctx.method;
  const state = ONEDRIVE_STATE.of(ctx.rt);
  if (path === "me" && m === "GET") return getMe(ctx);
  if (path === "me/drive" && m === "GET") return getDrive(ctx);
  const upload = /^uploadSessions\/([A-Za-z0-9_-]+)$/.exec(path);
  if (upload && ["PUT", "GET", "DELETE"].includes(m)) return uploadUrl(ctx, upload[1]!);
  const drive = /^me\/drive\/(.+)$/.exec(path);
  const a = drive ? address(state, drive[1]!) : null;
  if (a) {
    const { item, rest } = a;
    if (rest === "" && m === "GET") return getItem(ctx, item);
    if (rest === "" && m === "DELETE") return deleteItem(ctx, item);
    if (rest === "/children" && m === "GET") return listChildren(ctx, item);
    if (rest === "/children" && m === "POST") return createFolder(ctx, item);
    if (rest === "/content" && m === "PUT" && a.name) return putContent(ctx, a.base, a.name);
    if (rest === "/createUploadSession" && m === "POST" && a.name) return createUploadSession(ctx, a.base, a.name);
    if (rest === "/invite" && m === "POST") return invite(ctx, item);
    if (rest === "/createLink" && m === "POST") return createLink(ctx, item);
    if (rest === "/permissions" && m === "GET") return listPermissions(ctx, item);
    const perm = /^\/permissions\/([^/]+)$/.exec(rest);
    if (perm && m === "DELETE") return deletePermission(ctx, item, decode(perm[1]!));
  }
  record(ctx, null);
  graphError(ctx, 400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`);
}

export const onedriveModule = defineProvider({
  name: "onedrive",
  state: ONEDRIVE_STATE,
  specs: [GRAPH_SPEC],
  credentials: onedriveCredentials,
  inbox: {
    json: onedriveInbox,
    section: {
      anchor: "onedrive",
      label: "OneDrive",
      note: "Microsoft Graph",
      count: (state) => [...state.items.values()].filter((i) => i.kind === "folder" && i.parentId && !i.deletedAt).length,
      render: (state) => onedriveSection(state),
      css: CSS,
    },
  },
  async handle(ctx) {
    const p = ctx.subpath.replace(/\/$/, "");
    const api = /^\/v1\.0\/(.+)$/.exec(p);
    if (api) return graph(ctx, api[1]!);
    const identity = /^\/([A-Za-z0-9.-]+)\/oauth2\/v2\.0\/(authorize|token)$/.exec(p);
    if (identity?.[2] === "authorize" && (ctx.method === "GET" || ctx.method === "POST")) return handleAuthorize(ctx, identity[1]!);
    if (identity?.[2] === "token" && ctx.method === "POST") return handleToken(ctx, identity[1]!);
    record(ctx, null);
    sendJson(ctx, 404, { error: { code: "NotFound", message: "Not found." } });
  },
  fail(ctx, status, retryAfterSeconds) {
    const headers: Record<string, string> = retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {};
    if (/\/oauth2\/v2\.0\//.test(ctx.subpath)) {
      return sendJson(ctx, status, { error: status === 429 ? "temporarily_unavailable" : "server_error", error_description: `AADSTS90033: A transient error has occurred. (${status})` }, headers);
    }
    const [code, message] = faultError(status);
    graphError(ctx, status, code, message, headers);
  },
});
