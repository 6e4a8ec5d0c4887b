// What the connection made in OneDrive, per our own object (external_objects):
// the top folder, a folder per event, a drive item per material, and a
// permission per attendee e-mail, so a retried delivery finds what an earlier
// attempt made and does nothing twice.
import { createHash } from "node:crypto";
import { findExternal, saveExternal } from "../external-objects";
import type { OneDriveContext } from "./manifest";

export const KIND = { root: "onedrive.root", folder: "onedrive.folder", material: "onedrive.material", grant: "onedrive.grant" } as const;

export interface RootRecord {
  name: string;
}

export interface FolderRecord {
  name: string;
  webUrl: string;
  /** The folder's view link for people it is shared with (scope "users"): what an e-mail about the materials links to. */
  shareUrl: string | null;
  deleted?: boolean;
}

export interface MaterialRecord {
  eventId: string;
  folderId: string;
  name: string;
  size: number;
  via: "put" | "session";
  removed?: boolean;
}

export interface GrantRecord {
  eventId: string;
  email: string;
  /** The folder it was shared on: a folder made again (deleted by hand in OneDrive) is shared afresh. */
  folderId: string;
  /** The permission Graph answered the invitation with; removal looks it up again by the grantee. */
  permissionId: string | null;
  state: "shared" | "removed";
}

/**
 * Our objects are keyed by uuid; a permission belongs to an address at an event,
 * so its key is a uuid made from both (the address itself is kept in the data).
 */
export function grantKey(eventId: string, email: string): string {
  const h = createHash("sha256").update(`onedrive.grant\n${eventId}\n${email.toLowerCase()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function find<T>(ctx: OneDriveContext, kind: string, localId: string): Promise<{ externalId: string; data: T } | undefined> {
  return (await findExternal(ctx.db, ctx.connection.id, kind, localId)) as { externalId: string; data: T } | undefined;
}

export async function save<T extends object>(ctx: OneDriveContext, kind: string, localId: string, externalId: string, data: T): Promise<void> {
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind, localId, externalId, data: { ...data } as Record<string, unknown> });
}
