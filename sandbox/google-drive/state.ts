// One Google account's Drive: its files and folders (each with the app that
// created it, since the drive.file scope shows an app only those), who each is
// shared with, the resumable uploads under way, and the OAuth grants made to apps.
import { stateSlot } from "../core/state-slot";
import { emptyGrantBook, type AuthCode, type Grant, type GrantBook } from "../oauth/grants";

export const FOLDER_MIME = "application/vnd.google-apps.folder";

export interface DriveUser {
  permissionId: string;
  emailAddress: string;
  displayName: string;
}

export interface DrivePermission {
  id: string;
  type: "user" | "group" | "domain" | "anyone";
  role: string;
  emailAddress: string | null;
  domain: string | null;
  /** Whether Google would have e-mailed the person, and with which message. */
  notified: boolean;
  emailMessage: string | null;
}

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  description: string | null;
  appProperties: Record<string, string>;
  properties: Record<string, string>;
  /** The OAuth client that created it: with drive.file an app sees only its own files. */
  createdBy: string;
  createdTime: string;
  modifiedTime: string;
  content: Buffer | null;
  md5: string | null;
  /** How the bytes came: "multipart", "resumable", "media", or null for metadata only (a folder). */
  uploadType: string | null;
  trashed: boolean;
  permissions: DrivePermission[];
}

/** A resumable upload session: the metadata from its first request and the bytes received so far. */
export interface ResumableUpload {
  id: string;
  clientId: string;
  metadata: Record<string, unknown>;
  contentType: string;
  /** From X-Upload-Content-Length, when the client announced it. */
  total: number | null;
  received: Buffer;
  expiresAt: number;
  fileId: string | null;
}

/** access_type=offline asks for a refresh token. */
export type DriveCode = AuthCode & { offline: boolean };

export interface DriveState extends GrantBook<Grant, DriveCode> {
  user: DriveUser;
  files: Map<string, DriveFile>;
  uploads: Map<string, ResumableUpload>;
}

export const SANDBOX_DRIVE_EMAIL = "sandbox.drive@example.com";
/** Drive's own id for the account's root folder, which "root" also names. */
export const ROOT_FOLDER_ID = "0AsandboxRootFolderUk9PVA";

export const DRIVE_STATE = stateSlot<"google-drive", DriveState>("google-drive", () => ({
  user: { permissionId: "09876543210987654321", emailAddress: SANDBOX_DRIVE_EMAIL, displayName: "Sandbox Drive User" },
  files: new Map(),
  uploads: new Map(),
  ...emptyGrantBook<Grant, DriveCode>(),
}));
