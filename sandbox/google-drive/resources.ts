// Drive's resources as the API answers them, and the ids it makes.
import { createHash } from "node:crypto";
import type { Runtime } from "../core/context";
import { pick } from "../core/ids";
import { FOLDER_MIME, type DriveFile, type DrivePermission, type DriveState } from "./state";

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Drive file ids: 33 URL-safe characters, starting with 1. */
export function newFileId(): string {
  return `1${pick(ID_CHARS, 32)}`;
}

/** A person's permission id is the same on every file (Drive derives it from the account), so sharing twice finds the first. */
export function permissionIdFor(email: string): string {
  const digits = BigInt(`0x${createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 16)}`).toString().padStart(20, "0");
  return digits.slice(0, 20);
}

export function ownerPermission(state: DriveState): DrivePermission {
  const u = state.user;
  return { id: u.permissionId, type: "user", role: "owner", emailAddress: u.emailAddress, domain: null, notified: false, emailMessage: null };
}

export function permissionResource(p: DrivePermission): Record<string, unknown> {
  return {
    kind: "drive#permission",
    id: p.id,
    type: p.type,
    role: p.role,
    ...(p.emailAddress ? { emailAddress: p.emailAddress, displayName: p.emailAddress.split("@")[0] } : {}),
    ...(p.domain ? { domain: p.domain } : {}),
    deleted: false,
    pendingOwner: false,
  };
}

export function fileResource(rt: Runtime, state: DriveState, f: DriveFile): Record<string, unknown> {
  const folder = f.mimeType === FOLDER_MIME;
  return {
    kind: "drive#file",
    id: f.id,
    name: f.name,
    mimeType: f.mimeType,
    parents: f.parents,
    ...(f.description !== null ? { description: f.description } : {}),
    appProperties: f.appProperties,
    properties: f.properties,
    trashed: f.trashed,
    createdTime: f.createdTime,
    modifiedTime: f.modifiedTime,
    ...(f.content ? { size: String(f.content.length), md5Checksum: f.md5, originalFilename: f.name } : {}),
    // Google's own link shapes, on the sandbox's host: the inbox lists the files.
    webViewLink: folder ? `${rt.url}/google-drive/drive/folders/${f.id}` : `${rt.url}/google-drive/file/d/${f.id}/view`,
    owners: [{ kind: "drive#user", displayName: state.user.displayName, emailAddress: state.user.emailAddress, permissionId: state.user.permissionId, me: true }],
    shared: f.permissions.length > 0,
    permissions: [ownerPermission(state), ...f.permissions].map(permissionResource),
  };
}

export const FILE_DEFAULT_FIELDS = "kind,id,name,mimeType";
export const PERMISSION_DEFAULT_FIELDS = "kind,id,type,role";
