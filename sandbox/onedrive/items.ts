// Drive items as Graph shows them, and the rules OneDrive keeps for them: names
// without the characters it forbids, unique (case-insensitively) within a folder,
// a conflict settled by the caller's @microsoft.graph.conflictBehavior, and a
// deleted folder taking everything under it to the recycle bin.
import { createHash, randomBytes } from "node:crypto";
import type { Ctx } from "../core/context";
import { graphBase } from "./call";
import type { DriveItem, OneDriveState } from "./state";

export type ConflictBehavior = "fail" | "replace" | "rename";

export function newItemId(): string {
  return `01SBX${randomBytes(15).toString("hex").toUpperCase()}`.slice(0, 34);
}

/** Why OneDrive would refuse the name, or null. */
export function nameProblem(name: string): string | null {
  if (!name.trim()) return "The name must not be empty.";
  if (name.length > 255) return "The name is longer than 255 characters.";
  if (/["*:<>?/\\|]/.test(name) || /^\s|\s$/.test(name) || /\.$/.test(name)) return `The name '${name}' contains characters OneDrive does not allow (" * : < > ? / \\ |, or a leading or trailing space, or a trailing period).`;
  if (/^(con|prn|aux|nul|com\d|lpt\d|\.lock|desktop\.ini)(\..*)?$/i.test(name) || name.startsWith("~$") || /_vti_/i.test(name)) return `The name '${name}' is reserved.`;
  return null;
}

export function live(state: OneDriveState, id: string): DriveItem | undefined {
  const item = state.items.get(id);
  return item && !item.deletedAt ? item : undefined;
}

export function childrenOf(state: OneDriveState, parentId: string): DriveItem[] {
  return [...state.items.values()].filter((i) => i.parentId === parentId && !i.deletedAt);
}

export function childNamed(state: OneDriveState, parentId: string, name: string): DriveItem | undefined {
  const lower = name.toLowerCase();
  return childrenOf(state, parentId).find((i) => i.name.toLowerCase() === lower);
}

/** The item a relative path ("Switchboard/Event") names below `from`. */
export function resolvePath(state: OneDriveState, from: DriveItem, segments: string[]): DriveItem | undefined {
  let at: DriveItem | undefined = from;
  for (const s of segments) {
    if (!at || at.kind !== "folder") return undefined;
    at = childNamed(state, at.id, s);
  }
  return at;
}

/** "name 1.ext", "name 2.ext"…: how OneDrive renames on a conflict. */
export function freeName(state: OneDriveState, parentId: string, name: string): string {
  const dot = name.lastIndexOf(".");
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let n = 1; ; n++) if (!childNamed(state, parentId, `${base} ${n}${ext}`)) return `${base} ${n}${ext}`;
}

export function pathOf(state: OneDriveState, item: DriveItem): string {
  const names: string[] = [];
  for (let at = item.parentId ? state.items.get(item.parentId) : undefined; at && at.parentId; at = at.parentId ? state.items.get(at.parentId) : undefined) names.unshift(at.name);
  return `/drive/root:${names.length ? `/${names.join("/")}` : ""}`;
}

export function webUrlOf(state: OneDriveState, item: DriveItem): string {
  const user = state.user.userPrincipalName.replace(/[@.]/g, "_");
  const rel = [pathOf(state, item).replace(/^\/drive\/root:/, ""), item.parentId ? item.name : ""].join("/").replace(/\/+/g, "/").replace(/\/$/, "");
  return `https://contoso-my.sharepoint.com/personal/${user}/Documents${rel.split("/").map(encodeURIComponent).join("/")}`;
}

export function itemView(ctx: Ctx, state: OneDriveState, item: DriveItem) {
  const parent = item.parentId ? state.items.get(item.parentId) : undefined;
  const size = item.kind === "file" ? (item.content?.length ?? 0) : childrenOf(state, item.id).reduce((n, c) => n + (c.content?.length ?? 0), 0);
  return {
    "@odata.context": `${graphBase(ctx)}/$metadata#drives('${state.driveId}')/items/$entity`,
    id: item.id,
    name: item.parentId ? item.name : "root",
    eTag: `"{${item.id}},${item.eTag}"`,
    cTag: `"c:{${item.id}},${item.eTag}"`,
    size,
    createdDateTime: item.createdAt,
    lastModifiedDateTime: item.modifiedAt,
    webUrl: webUrlOf(state, item),
    createdBy: { user: { email: state.user.mail, id: state.user.id, displayName: state.user.displayName } },
    parentReference: parent ? { driveType: "business", driveId: state.driveId, id: parent.id, path: pathOf(state, item) } : { driveType: "business", driveId: state.driveId },
    ...(item.kind === "folder"
      ? { folder: { childCount: childrenOf(state, item.id).length }, ...(item.parentId ? {} : { root: {} }) }
      : { file: { mimeType: item.mimeType ?? "application/octet-stream", hashes: { quickXorHash: createHash("sha1").update(item.content ?? Buffer.alloc(0)).digest("base64") } } }),
  };
}

export function removeTree(state: OneDriveState, item: DriveItem, at: string): void {
  item.deletedAt = at;
  for (const child of childrenOf(state, item.id)) removeTree(state, child, at);
}

/**
 * Puts a file named `name` in the folder, or new bytes into the file already so
 * named (replace); "conflict" when the behaviour is fail and the name is taken.
 */
export function writeFile(
  state: OneDriveState,
  parent: DriveItem,
  name: string,
  content: Buffer,
  mimeType: string,
  behavior: ConflictBehavior,
  uploadedIn: DriveItem["uploadedIn"],
  now: string,
): { item: DriveItem; created: boolean } | "conflict" | "folder" {
  const existing = childNamed(state, parent.id, name);
  if (existing && behavior === "fail") return "conflict";
  if (existing && behavior === "replace") {
    if (existing.kind === "folder") return "folder";
    Object.assign(existing, { content, mimeType, uploadedIn, modifiedAt: now, eTag: existing.eTag + 1 });
    return { item: existing, created: false };
  }
  const item: DriveItem = {
    id: newItemId(),
    name: existing ? freeName(state, parent.id, name) : name,
    parentId: parent.id,
    kind: "file",
    content,
    mimeType,
    permissions: [],
    uploadedIn,
    eTag: 1,
    createdAt: now,
    modifiedAt: now,
    deletedAt: null,
  };
  state.items.set(item.id, item);
  parent.modifiedAt = now;
  return { item, created: true };
}

export function conflictBehavior(v: unknown, fallback: ConflictBehavior): ConflictBehavior | null {
  if (v === undefined || v === null) return fallback;
  return v === "fail" || v === "replace" || v === "rename" ? v : null;
}
