// One user's OneDrive for Business: its drive items (folders and files, with
// their bytes), the permissions each item was shared with, the sharing links made,
// the upload sessions under way, and the identity platform's grants.
import { stateSlot } from "../core/state-slot";
import { emptyGrantBook, type AuthCode, type Grant, type GrantBook } from "../oauth/grants";

export type TenantCode = AuthCode & { tenant: string };

/** A permission on an item: a person invited, the owner, or a sharing link. */
export interface Permission {
  id: string;
  roles: string[];
  /** The invited person's address (lower case); null for a link or the owner. */
  email: string | null;
  owner: boolean;
  signInRequired: boolean;
  link: { type: string; scope: string; webUrl: string } | null;
  createdAt: string;
}

export interface DriveItem {
  id: string;
  name: string;
  /** null for the drive's root. */
  parentId: string | null;
  kind: "folder" | "file";
  /** A file's bytes. */
  content: Buffer | null;
  mimeType: string | null;
  permissions: Permission[];
  /** How the file arrived, for the inbox: in one PUT, or in an upload session's chunks. */
  uploadedIn: null | { via: "put" } | { via: "session"; chunks: number };
  eTag: number;
  createdAt: string;
  modifiedAt: string;
  /** In the recycle bin: Graph answers 404 for it. */
  deletedAt: string | null;
}

export interface UploadSession {
  token: string;
  parentId: string;
  name: string;
  conflictBehavior: "fail" | "replace" | "rename";
  /** The bytes received so far, in order. */
  received: Buffer[];
  next: number;
  total: number | null;
  chunks: number;
  expiresAt: number;
}

export interface OneDriveState extends GrantBook<Grant, TenantCode> {
  user: { id: string; mail: string; displayName: string; userPrincipalName: string };
  driveId: string;
  rootId: string;
  items: Map<string, DriveItem>;
  uploads: Map<string, UploadSession>;
}

export const ONEDRIVE_ROOT_ID = "01SBXROOT0000000000000000000000000";

export const ONEDRIVE_STATE = stateSlot<"onedrive", OneDriveState>("onedrive", (nowMs) => {
  const at = new Date(nowMs).toISOString();
  const root: DriveItem = { id: ONEDRIVE_ROOT_ID, name: "root", parentId: null, kind: "folder", content: null, mimeType: null, permissions: [], uploadedIn: null, eTag: 1, createdAt: at, modifiedAt: at, deletedAt: null };
  return {
    user: { id: "3c9d7e10-2b4f-4c1a-8d5e-0d51ce0d0001", mail: "organizer@contoso.sandbox.test", displayName: "Sandbox Organizer", userPrincipalName: "organizer@contoso.sandbox.test" },
    driveId: "b!sbxDriveSandboxOrganizer000000000000000000000000000000000001",
    rootId: ONEDRIVE_ROOT_ID,
    ...emptyGrantBook<Grant, TenantCode>(),
    items: new Map([[root.id, root]]),
    uploads: new Map(),
  };
});
