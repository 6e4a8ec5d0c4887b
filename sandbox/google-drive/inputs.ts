// No Drive discovery document is in ../shared/specs, and none ships in
// node_modules (googleapis carries the generated client, not the document), so
// the Drive calls we emulate are checked with zod schemas written from the
// googleapis drive_v3 TypeScript types (googleapis/build/src/apis/drive/v3.d.ts:
// Schema$File, Schema$Permission, and the Params$Resource$… of each method) and
// Drive's reference for the limits those types do not carry (appProperties of
// at most 124 bytes per key and value, 30 per app). Query parameters outside a
// method's list, and body fields a client may not write, are refused by name.
import { z } from "zod";
import type { FormFields } from "../core/body";
import type { Issue, ValidationOutcome } from "../core/validation-outcome";

const bool = z.enum(["true", "false"], "must be true or false");
const int = z.string().regex(/^\d+$/, "must be a whole number");
const text = z.string();

/** StandardParameters of every googleapis method. */
const STANDARD = {
  $$xgafv: text,
  access_token: text,
  alt: z.enum(["json", "media", "proto"]),
  callback: text,
  fields: text,
  key: text,
  oauth_token: text,
  prettyPrint: bool,
  quotaUser: text,
  upload_protocol: text,
  uploadType: z.enum(["media", "multipart", "resumable"]),
  upload_id: text,
};

const drives = { supportsAllDrives: bool, supportsTeamDrives: bool };
const labels = { includeLabels: text, includePermissionsForView: z.literal("published") };

function params(shape: Record<string, z.ZodType>) {
  return z.strictObject({ ...STANDARD, ...shape }).partial();
}

export const QUERY = {
  "about.get": params({}),
  "files.create": params({ enforceSingleParent: bool, ignoreDefaultVisibility: bool, keepRevisionForever: bool, ocrLanguage: text, useContentAsIndexableText: bool, ...labels, ...drives }),
  "files.get": params({ acknowledgeAbuse: bool, ...labels, ...drives }),
  "files.list": params({
    corpora: z.enum(["user", "domain", "drive", "allDrives"]),
    corpus: z.enum(["user", "domain"]),
    driveId: text,
    includeItemsFromAllDrives: bool,
    includeTeamDriveItems: bool,
    orderBy: text,
    pageSize: int,
    pageToken: text,
    q: text,
    spaces: text,
    teamDriveId: text,
    ...labels,
    ...drives,
  }),
  "files.delete": params({ enforceSingleParent: bool, ...drives }),
  "permissions.create": params({
    emailMessage: text,
    enforceExpansiveAccess: bool,
    enforceSingleParent: bool,
    moveToNewOwnersRoot: bool,
    sendNotificationEmail: bool,
    transferOwnership: bool,
    useDomainAdminAccess: bool,
    ...drives,
  }),
  "permissions.list": params({ includePermissionsForView: z.literal("published"), pageSize: int, pageToken: text, useDomainAdminAccess: bool, ...drives }),
  "permissions.delete": params({ enforceExpansiveAccess: bool, useDomainAdminAccess: bool, ...drives }),
} as const;

export type DriveOperation = keyof typeof QUERY;

const properties = z
  .record(z.string(), z.string())
  .refine((p) => Object.keys(p).length <= 30, "at most 30 properties per app")
  .refine((p) => Object.entries(p).every(([k, v]) => Buffer.byteLength(k) + Buffer.byteLength(v) <= 124), "each key and value together may be at most 124 bytes");

/** Schema$File as a client may write it on create. */
export const fileMetadata = z.strictObject({
  kind: z.literal("drive#file").optional(),
  id: z.string().regex(/^[A-Za-z0-9_-]{10,}$/, "must be an id from files.generateIds").optional(),
  name: z.string().max(32767).optional(),
  mimeType: z.string().min(1).optional(),
  parents: z.array(z.string().min(1)).max(1, "Creating files in multiple folders is no longer supported").optional(),
  description: z.string().optional(),
  appProperties: properties.optional(),
  properties: properties.optional(),
  starred: z.boolean().optional(),
  folderColorRgb: z.string().optional(),
  originalFilename: z.string().optional(),
  writersCanShare: z.boolean().optional(),
  copyRequiresWriterPermission: z.boolean().optional(),
  modifiedTime: z.iso.datetime().optional(),
  createdTime: z.iso.datetime().optional(),
});
export type FileMetadata = z.infer<typeof fileMetadata>;

/** Schema$Permission as a client may write it on create. */
export const permissionInput = z
  .strictObject({
    kind: z.literal("drive#permission").optional(),
    type: z.enum(["user", "group", "domain", "anyone"], "must be user, group, domain or anyone"),
    role: z.enum(["owner", "organizer", "fileOrganizer", "writer", "commenter", "reader"], "must be owner, organizer, fileOrganizer, writer, commenter or reader"),
    emailAddress: z.email("must be an e-mail address").optional(),
    domain: z.string().min(1).optional(),
    allowFileDiscovery: z.boolean().optional(),
    expirationTime: z.iso.datetime().optional(),
    view: z.literal("published").optional(),
    pendingOwner: z.boolean().optional(),
  })
  .refine((p) => !(p.type === "user" || p.type === "group") || p.emailAddress, { path: ["emailAddress"], message: "The permission emailAddress field is required for a user or group." })
  .refine((p) => p.type !== "domain" || p.domain, { path: ["domain"], message: "The permission domain field is required for a domain." });
export type PermissionInput = z.infer<typeof permissionInput>;

const NOTE = "Checked with zod schemas written from the googleapis drive_v3 types (no Drive discovery document is available)";

function issuesOf(error: z.ZodError, location: Issue["location"]): Issue[] {
  return error.issues.map((i) => {
    const unknown = i.code === "unrecognized_keys";
    return {
      location,
      path: [...i.path.map(String), ...(unknown ? [i.keys.join(",")] : [])].filter(Boolean).join("."),
      message: unknown ? (location === "query" ? `Invalid parameter: ${i.keys.join(", ")}` : `The resource body includes fields which are not directly writable: ${i.keys.join(", ")}`) : i.message,
      rule: unknown ? (location === "query" ? "unknownParameter" : "fieldNotWritable") : i.code,
    };
  });
}

/** A query's single values, as the client sent them (a repeated parameter keeps its first). */
export function queryValues(query: FormFields): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k === "$.xgafv" ? "$$xgafv" : k, Array.isArray(v) ? v[0]! : v]));
}

export function checkRequest(operation: DriveOperation, query: FormFields, body?: { schema: z.ZodType; value: unknown }): ValidationOutcome {
  const issues: Issue[] = [];
  const q = QUERY[operation].safeParse(queryValues(query));
  if (!q.success) issues.push(...issuesOf(q.error, "query"));
  if (body) {
    const b = body.schema.safeParse(body.value);
    if (!b.success) issues.push(...issuesOf(b.error, "body"));
  }
  return { checked: true, issues, notes: issues.length ? [] : [NOTE] };
}
