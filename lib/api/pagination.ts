// Keyset pagination for every /api/v1 list: newest first by (created_at, id),
// and the cursor is the last row's pair, opaque to clients (base64url JSON).
// A page continues strictly after the row it ends on, so rows inserted while a
// client pages never shift what it has not seen yet (as OFFSET would): no
// duplicates, no gaps. New rows are newer than the cursor and show up on the
// next walk from the first page.
//
// created_at goes into the cursor as Postgres's own microsecond text, not a JS
// Date (milliseconds), so rows created within one millisecond still compare right.
import { sql, type RawBuilder } from "kysely";
import { ValidationError } from "@/lib/domain/errors";
import type { Page } from "./schemas";

export type PagedTable = "events" | "ticket_types" | "orders" | "attendees";

export interface Cursor {
  createdAt: string;
  id: string;
}

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id])).toString("base64url");
}

export function decodeCursor(token: string): Cursor {
  const bad = () => new ValidationError({ cursor: ["This cursor is not one we gave out; start again without it"] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw bad();
  const [createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== "string" || typeof id !== "string" || !TS.test(createdAt) || !UUID.test(id)) throw bad();
  return { createdAt, id };
}

/** The row's created_at as UTC text with microseconds: select it `as cursor_at`. */
export function cursorAt(table: PagedTable): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(`${table}.created_at`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows strictly after the cursor in newest-first order. */
export function afterCursor(table: PagedTable, c: Cursor): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)}) < (${c.createdAt}::timestamptz, ${c.id}::uuid)`;
}

/**
 * Turns limit+1 fetched rows into a page: the extra row only says there is more.
 * Query with `.orderBy(created_at desc).orderBy(id desc).limit(limit + 1)`.
 */
export function toPage<R extends { id: string; cursor_at: string }, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return {
    data: shown.map(map),
    next_cursor: more && last ? encodeCursor({ createdAt: last.cursor_at, id: last.id }) : null,
  };
}
