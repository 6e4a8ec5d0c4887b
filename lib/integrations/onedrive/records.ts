// What the connection made in OneDrive, per our own object (external_objects):
// the top folder, a folder per event, a drive item per material, and a
// permission per attendee e-mail, so a retried delivery finds what an earlier
// attempt made and does nothing twice.
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
  /** The permission Graph answered the invitation with; removal looks it up again by the grantee. */
  permissionId: string | null;
  state: "shared" | "removed";
}

export const grantKey = (eventId: string, email: string) => `${eventId}:${email.toLowerCase()}`;

export async function find<T>(ctx: OneDriveContext, kind: string, localId: string): Promise<{ externalId: string; data: T } | undefined> {
  return (await findExternal(ctx.db, ctx.connection.id, kind, localId)) as { externalId: string; data: T } | undefined;
}

export async function save<T extends object>(ctx: OneDriveContext, kind: string, localId: string, externalId: string, data: T): Promise<void> {
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind, localId, externalId, data: { ...data } as Record<string, unknown> });
}
