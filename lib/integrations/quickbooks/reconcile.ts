// Reading QuickBooks' changes back (change data capture): a sales document we
// booked that someone voided in QuickBooks is flagged on its order. Webhooks only
// say that something changed; this reads what did, so it also serves the
// periodic reconcile that catches notifications that never arrived.
import { noteOnOrder } from "@/lib/order-notes/store";
import { findExternal, saveExternal } from "../external-objects";
import { changedSince, type QboEntity } from "./api";
import { KIND } from "./books";
import type { QuickBooksContext } from "./manifest";
import { NOTE } from "./notes";

const WATCHED = ["SalesReceipt", "Invoice", "RefundReceipt"];
/** One cursor per connection, kept with the connection's own id as its key. */
const CURSOR_KIND = "qbo:cdc";
/** Intuit's change feed reaches 30 days back; a cursor older than that starts again from there. */
const MAX_LOOKBACK_MS = 29 * 24 * 3600 * 1000;

const isVoided = (o: QboEntity) => /^Voided/i.test(String(o.PrivateNote ?? "")) || o.status === "Deleted";

async function orderOf(ctx: QuickBooksContext, externalId: string): Promise<{ orderId: string; docNumber: string | null } | undefined> {
  const row = await ctx.db
    .selectFrom("external_objects")
    .select(["data"])
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "in", [KIND.sale, KIND.refund])
    .where("external_id", "=", externalId)
    .executeTakeFirst();
  const orderId = row?.data.orderId;
  return typeof orderId === "string" ? { orderId, docNumber: (row!.data.docNumber as string | null) ?? null } : undefined;
}

/** Reads the changes since `since` and flags voided documents; how many orders were flagged. */
export async function reconcileSince(ctx: QuickBooksContext, since: Date): Promise<number> {
  const floor = new Date(Date.now() - MAX_LOOKBACK_MS);
  const changes = await changedSince(ctx, WATCHED, since < floor ? floor : since);
  let flagged = 0;
  for (const { entity, object } of changes) {
    if (!isVoided(object)) continue;
    const mine = await orderOf(ctx, object.Id);
    if (!mine) continue;
    const when = object.MetaData?.LastUpdatedTime?.slice(0, 10) ?? "recently";
    const label = entity === "RefundReceipt" ? "refund receipt" : entity === "Invoice" ? "invoice" : "sales receipt";
    await noteOnOrder(ctx.db, { orgId: ctx.connection.orgId, orderId: mine.orderId, connectionId: ctx.connection.id, key: `${NOTE.voided}:${entity}:${object.Id}`, severity: "warning", message: `The ${label} ${String(object.DocNumber ?? mine.docNumber ?? object.Id)} was voided in QuickBooks (${when}); the books no longer show this payment.` });
    flagged++;
  }
  return flagged;
}

/** The periodic reconcile: from where the last one stopped (or a day back), then moves the cursor on. */
export async function reconcile(ctx: QuickBooksContext): Promise<string> {
  const startedAt = new Date();
  const cursor = await findExternal(ctx.db, ctx.connection.id, CURSOR_KIND, ctx.connection.id);
  const since = cursor ? new Date(cursor.externalId) : new Date(startedAt.getTime() - 24 * 3600 * 1000);
  const flagged = await reconcileSince(ctx, since);
  // A minute of overlap: a change saved while we read is seen next time rather than missed.
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: CURSOR_KIND, localId: ctx.connection.id, externalId: new Date(startedAt.getTime() - 60_000).toISOString() });
  return flagged ? `${flagged} voided document(s) flagged on their orders` : "No voided documents";
}
