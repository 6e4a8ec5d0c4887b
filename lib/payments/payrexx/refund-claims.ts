// Payrexx refunds carry no metadata and take no idempotency key. So each refund
// Switchboard asks for is written down first, in external_objects (what a connector
// created at a provider for one of our objects): the order, the tickets it is for,
// its amount, and the refunded total Payrexx reaches with it (its target). The note
// keeps a double click from refunding twice, and tells processing which tickets a
// refunded total covers: a note's tickets are refunded once Payrexx's total reaches
// its target. Refunds made in Payrexx's admin have no note and refund no ticket by
// name (a full refund still refunds every ticket).
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { PayrexxContext } from "@/lib/integrations/payrexx/context";

const KIND = "payrexx.refund";
/** A pending note older than this belongs to an attempt that ended without an answer. */
const IN_FLIGHT_MS = 2 * 60_000;

export interface RefundNote {
  orderId: string;
  attendeeIds: string[];
  amount: number;
  target: number;
}

export interface StoredNote extends RefundNote {
  key: string;
  done: boolean;
  updatedAt: Date;
}

/** external_objects keys by uuid: a name-based one (RFC 9562 v8 layout) from the order and the request's idempotency key. */
function localId(orderId: string, idempotencyKey: string): string {
  const h = createHash("sha256").update(`payrexx.refund:${orderId}/${idempotencyKey}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function read(row: { local_id: string; external_id: string; data: Record<string, unknown>; updated_at: Date }): StoredNote {
  const d = row.data as unknown as RefundNote;
  return { key: row.local_id, done: row.external_id !== "pending", updatedAt: row.updated_at, orderId: d.orderId, attendeeIds: d.attendeeIds ?? [], amount: d.amount, target: d.target };
}

export async function findNote(ctx: PayrexxContext, orderId: string, idempotencyKey: string): Promise<StoredNote | undefined> {
  const row = await ctx.db
    .selectFrom("external_objects")
    .select(["local_id", "external_id", "data", "updated_at"])
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", KIND)
    .where("local_id", "=", localId(orderId, idempotencyKey))
    .executeTakeFirst();
  return row ? read(row) : undefined;
}

/** Writes the note unless one exists; false when another request wrote it first. */
export async function writeNote(ctx: PayrexxContext, idempotencyKey: string, note: RefundNote): Promise<boolean> {
  const inserted = await ctx.db
    .insertInto("external_objects")
    .values({ connection_id: ctx.connection.id, org_id: ctx.connection.orgId, kind: KIND, local_id: localId(note.orderId, idempotencyKey), external_id: "pending", data: JSON.stringify(note) })
    .onConflict((oc) => oc.columns(["connection_id", "kind", "local_id"]).doNothing())
    .returning("local_id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** An attempt that ended without an answer may be tried again, by one request at a time. */
export async function takeOverStale(ctx: PayrexxContext, note: StoredNote): Promise<boolean> {
  if (note.done || Date.now() - note.updatedAt.getTime() < IN_FLIGHT_MS) return false;
  const res = await ctx.db
    .updateTable("external_objects")
    .set({ updated_at: sql<Date>`now()` })
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", KIND)
    .where("local_id", "=", note.key)
    // Still stale when the row is written: of two requests taking over at once, only the first finds it so.
    .where("updated_at", "<", sql<Date>`now() - make_interval(secs => ${IN_FLIGHT_MS / 1000})`)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function markNoteDone(ctx: PayrexxContext, orderId: string, idempotencyKey: string): Promise<void> {
  await ctx.db
    .updateTable("external_objects")
    .set({ external_id: "refunded", updated_at: new Date() })
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", KIND)
    .where("local_id", "=", localId(orderId, idempotencyKey))
    .execute();
}

/** Payrexx refused the refund: nothing happened, so the note goes and the admin may ask again. */
export async function dropNote(ctx: PayrexxContext, orderId: string, idempotencyKey: string): Promise<void> {
  await ctx.db
    .deleteFrom("external_objects")
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", KIND)
    .where("local_id", "=", localId(orderId, idempotencyKey))
    .execute();
}

/** The tickets of every note whose target Payrexx's refunded total has reached. */
export async function refundedTickets(ctx: PayrexxContext, orderId: string, refundedTotal: number): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom("external_objects")
    .select(["local_id", "external_id", "data", "updated_at"])
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", KIND)
    .where(sql`data->>'orderId'`, "=", orderId)
    .execute();
  return rows.map(read).filter((n) => n.target <= refundedTotal).flatMap((n) => n.attendeeIds);
}
