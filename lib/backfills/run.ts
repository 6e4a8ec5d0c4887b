// Backfills: a connector (its `backfill` capability) catching up with the orders
// paid before it was connected. One row per run with its progress; one job at a
// time per backfill works through a batch of past orders, oldest paid first,
// moves the cursor and queues the next batch, so a stopped worker resumes where
// it was. Repeating an order is safe: the connector finds what it booked before.
import type { Db } from "@/lib/db/client";
import type { AttendeeRow, OrderRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { attendeeSnapshot, orderSnapshot } from "@/lib/domain/registrations/snapshot";
import { connectorContext } from "@/lib/integrations/connections/context";
import type { PastOrder } from "@/lib/integrations/contract/backfill";
import { loadConnector } from "@/lib/integrations/registry";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import { appKeyring } from "@/lib/vault/app-keyring";
import { log } from "@/lib/log";

export const BATCH_SIZE = 20;

/** Orders a backfill books: paid ones, and paid ones since refunded. */
function pastOrders(db: Db, orgId: string) {
  return db.selectFrom("orders").where("org_id", "=", orgId).where("status", "in", ["paid", "refunded"]).where("paid_at", "is not", null);
}

/** Starts a backfill for the organization's connection, unless one is running; the running one otherwise. */
export async function startBackfill(db: Db, orgId: string, connectorId: string): Promise<{ id: string; started: boolean }> {
  const connection = await db.selectFrom("connections").select(["id", "status"]).where("org_id", "=", orgId).where("connector_id", "=", connectorId).executeTakeFirst();
  if (!connection || connection.status !== "connected") throw new NotFoundError("Connect first: there is no working connection to catch up.");
  const connector = await loadConnector(connectorId);
  if (!connector?.backfill) throw new ConflictError("This connector does not catch up with past orders.");
  return db.transaction().execute(async (tx) => {
    const running = await tx.selectFrom("backfills").select("id").where("connection_id", "=", connection.id).where("status", "=", "running").executeTakeFirst();
    if (running) return { id: running.id, started: false };
    const { n } = await pastOrders(tx as unknown as Db, orgId).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const row = await tx.insertInto("backfills").values({ org_id: orgId, connection_id: connection.id, status: "running", total: Number(n) }).returning("id").executeTakeFirstOrThrow();
    await enqueue(tx, "run_backfill_batch", { backfillId: row.id }, { jobKey: jobKeys.backfill.of(row.id), queueName: jobKeys.backfill.of(row.id) });
    return { id: row.id, started: true };
  });
}

async function pastOrder(db: Db, order: OrderRow): Promise<PastOrder> {
  const [event, types, attendees] = await Promise.all([
    db.selectFrom("events").selectAll().where("id", "=", order.event_id).executeTakeFirstOrThrow(),
    db.selectFrom("ticket_types").select(["id", "name"]).where("event_id", "=", order.event_id).execute(),
    db.selectFrom("attendees").selectAll().where("order_id", "=", order.id).orderBy("created_at").execute(),
  ]);
  const name = (id: string) => types.find((t) => t.id === id)?.name ?? "Ticket";
  const snap = (a: AttendeeRow) => attendeeSnapshot(a, name(a.ticket_type_id));
  // The sale as it was told when paid: every ticket, paid.
  const sold = attendees.filter((a) => a.status === "paid" || a.status === "refunded");
  return {
    sale: { event: eventSnapshot(event), order: { ...orderSnapshot(order), status: "paid" }, attendees: sold.map((a) => ({ ...snap(a), status: "paid" as const })) },
    refunded: sold.filter((a) => a.status === "refunded").map(snap),
  };
}

/** One batch of a backfill; true when more remain (the task queues the next). */
export async function runBackfillBatch(db: Db, backfillId: string): Promise<boolean> {
  const b = await db.selectFrom("backfills").selectAll().where("id", "=", backfillId).executeTakeFirst();
  if (!b || b.status !== "running") return false;
  const row = await db.selectFrom("connections").selectAll().where("id", "=", b.connection_id).executeTakeFirst();
  const connector = row ? await loadConnector(row.connector_id) : undefined;
  if (!row || row.status !== "connected" || !connector?.backfill) {
    await db.updateTable("backfills").set({ status: "failed", last_error: "The connection is no longer connected; reconnect and start again.", finished_at: new Date(), updated_at: new Date() }).where("id", "=", b.id).execute();
    return false;
  }
  let q = pastOrders(db, b.org_id).selectAll();
  if (b.cursor_paid_at && b.cursor_order_id) {
    const at = b.cursor_paid_at;
    const id = b.cursor_order_id;
    q = q.where((eb) => eb.or([eb("paid_at", ">", at), eb.and([eb("paid_at", "=", at), eb("id", ">", id)])]));
  }
  const orders = await q.orderBy("paid_at").orderBy("id").limit(BATCH_SIZE).execute();
  const ctx = await connectorContext(db, appKeyring(), connector, row);
  for (const order of orders) {
    let failed = 0;
    let error: string | null = null;
    try {
      await connector.backfill.order(ctx, await pastOrder(db, order));
    } catch (err) {
      // One refused order (noted on it by the connector) does not stop the rest; an unreachable provider does.
      if ((err as { permanent?: boolean }).permanent !== true) throw err;
      failed = 1;
      error = (err as Error).message.slice(0, 500);
      log.warn({ backfill: b.id, order: order.id, err: error }, "backfill: an order was refused");
    }
    await db
      .updateTable("backfills")
      .set((eb) => ({ done: eb("done", "+", 1), failed: eb("failed", "+", failed), ...(error ? { last_error: error } : {}), cursor_paid_at: order.paid_at, cursor_order_id: order.id, updated_at: new Date() }))
      .where("id", "=", b.id)
      .execute();
  }
  if (orders.length === BATCH_SIZE) return true;
  await db.updateTable("backfills").set((eb) => ({ status: "done", finished_at: new Date(), updated_at: new Date(), total: eb.ref("done") })).where("id", "=", b.id).execute();
  return false;
}

export interface BackfillView {
  id: string;
  status: "running" | "done" | "failed";
  total: number;
  done: number;
  failed: number;
  lastError: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** The connection's latest backfill, for its settings page. */
export async function latestBackfill(db: Db, orgId: string, connectorId: string): Promise<BackfillView | null> {
  const r = await db
    .selectFrom("backfills as b")
    .innerJoin("connections as c", "c.id", "b.connection_id")
    .selectAll("b")
    .where("b.org_id", "=", orgId)
    .where("c.connector_id", "=", connectorId)
    .orderBy("b.started_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return r ? { id: r.id, status: r.status, total: r.total, done: r.done, failed: r.failed, lastError: r.last_error, startedAt: r.started_at, finishedAt: r.finished_at } : null;
}
