// The files table: one row per file, scoped to its organization on every read.
import { randomUUID } from "node:crypto";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { FilePurpose, FileRow } from "@/lib/db/schema";
import { objectKey } from "./keys";

export interface NewFile {
  /** Given when the key must be known before the row exists (bytes written first). */
  id?: string;
  orgId: string;
  eventId: string | null;
  purpose: FilePurpose;
  filename: string;
  contentType: string;
  size: number;
  connectionId: string | null;
  status?: "uploading" | "stored";
  moveToConnectionId?: string | null;
}

/** A typed name kept for downloads only: no path, no control characters, at most 255 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 255);
  return cleaned && cleaned !== "." && cleaned !== ".." ? cleaned : "file";
}

export async function insertFile(db: DbOrTx, f: NewFile): Promise<FileRow> {
  const id = f.id ?? randomUUID();
  return db
    .insertInto("files")
    .values({
      id,
      org_id: f.orgId,
      event_id: f.eventId,
      purpose: f.purpose,
      filename: cleanFilename(f.filename),
      content_type: f.contentType,
      size_bytes: f.size,
      object_key: objectKey(f.orgId, f.purpose, id),
      connection_id: f.connectionId,
      status: f.status ?? "stored",
      move_to_connection_id: f.moveToConnectionId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One organization's file; another organization's id finds nothing. */
export async function findFile(db: DbOrTx, orgId: string, fileId: string): Promise<FileRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(fileId)) return undefined;
  return db.selectFrom("files").selectAll().where("id", "=", fileId).where("org_id", "=", orgId).executeTakeFirst();
}

/** By id alone, for a signed link (the signature stands for the organization). */
export async function findFileById(db: DbOrTx, fileId: string): Promise<FileRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(fileId)) return undefined;
  return db.selectFrom("files").selectAll().where("id", "=", fileId).executeTakeFirst();
}

export async function listEventFiles(db: Db, orgId: string, eventId: string, purpose: FilePurpose): Promise<FileRow[]> {
  return db
    .selectFrom("files")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("event_id", "=", eventId)
    .where("purpose", "=", purpose)
    .where("status", "=", "stored")
    .orderBy("created_at")
    .execute();
}
