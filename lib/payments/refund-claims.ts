// A refund is claimed before any provider hears of it: one refund_requests row per
// ticket (or per whole order), taken under the row's lock. Whoever inserts the row,
// or takes over one whose earlier attempt failed, calls the provider; everyone else
// is told it was already asked for. The provider's idempotency key comes from the
// row, so it stays the same however the order's refunded total moves meanwhile.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { ConflictError } from "@/lib/domain/errors";
import type { RefundRequestsTable } from "@/lib/db/schema";
import type { Selectable } from "kysely";

export type RefundClaim = Selectable<RefundRequestsTable>;

/** An attempt without an answer may still be under way at the provider for this long. */
export const IN_FLIGHT_MS = 2 * 60_000;
const silentSql = sql<boolean>`updated_at < now() - make_interval(secs => ${IN_FLIGHT_MS / 1000})`;

export const WHOLE_ORDER = "order";

export interface ClaimWanted {
  orgId: string;
  orderId: string;
  /** An attendee id, or WHOLE_ORDER. */
  scope: string;
  attendeeIds: string[];
  amountMinor: number;
}

export type ClaimOutcome = { claim: RefundClaim } | { already: RefundClaim };

export function idempotencyKeyOf(claim: RefundClaim): string {
  return `refund-${claim.id}-${claim.key_version}`;
}

/**
 * Claims the refund, or says who has it. A row that failed is taken over (its
 * amount kept while its key is, since a provider replays a key only with the same
 * request); one still claimed is taken over only once it has been silent longer
 * than an attempt can take.
 *
 * The order row is locked first and the tickets after it, the order a transfer and
 * a cancellation take: a ticket transferred or cancelled while this refund was being
 * worked out is seen here, under the lock, and refused instead of refunded while its
 * new holder's ticket stays valid.
 */
export async function claimRefund(db: Db, wanted: ClaimWanted): Promise<ClaimOutcome> {
  return db.transaction().execute(async (tx) => {
    await tx.selectFrom("orders").select("id").where("id", "=", wanted.orderId).forUpdate().executeTakeFirstOrThrow();
    const row = await tx
      .selectFrom("refund_requests")
      .selectAll()
      .select(silentSql.as("silent"))
      .where("order_id", "=", wanted.orderId)
      .where("scope", "=", wanted.scope)
      .forUpdate()
      .executeTakeFirst();
    if (row && holds(row)) {
      const { silent: _silent, ...existing } = row;
      return { already: existing };
    }
    if (wanted.attendeeIds.length) {
      const valid = await tx
        .selectFrom("attendees")
        .select("id")
        .where("order_id", "=", wanted.orderId)
        .where("id", "in", wanted.attendeeIds)
        .where("status", "=", "paid")
        .where("transferred_to", "is", null)
        .forUpdate()
        .execute();
      if (valid.length !== wanted.attendeeIds.length) {
        throw new ConflictError("This ticket changed while the refund was being prepared (it was transferred, cancelled or refunded); reload the order and try again.");
      }
    }
    if (!row) {
      const inserted = await tx
        .insertInto("refund_requests")
        .values({ org_id: wanted.orgId, order_id: wanted.orderId, scope: wanted.scope, attendee_ids: wanted.attendeeIds, amount_minor: wanted.amountMinor })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { claim: inserted };
    }
    const taken = await tx
      .updateTable("refund_requests")
      .set({
        status: "claimed",
        attempts: row.attempts + 1,
        key_version: row.refused ? row.key_version + 1 : row.key_version,
        amount_minor: row.refused ? wanted.amountMinor : row.amount_minor,
        target_minor: row.refused ? null : row.target_minor,
        refused: false,
        updated_at: sql<Date>`now()`,
      })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { claim: taken };
  });
}

export async function markClaimRequested(db: Db, id: string): Promise<void> {
  await db.updateTable("refund_requests").set({ status: "requested", error: null, updated_at: sql<Date>`now()` }).where("id", "=", id).execute();
}

/**
 * The provider call failed. Refused, or sent through a key the provider replays,
 * the claim is released at once for another try; sent without a key and without
 * an answer, it may have gone through, so it stays claimed until IN_FLIGHT_MS
 * have passed.
 */
export async function releaseClaim(db: Db, id: string, failure: { error: string; refused: boolean; mayBeUnderWay: boolean }): Promise<void> {
  await db
    .updateTable("refund_requests")
    .set({ status: failure.mayBeUnderWay && !failure.refused ? "claimed" : "failed", error: failure.error.slice(0, 1000), refused: failure.refused, updated_at: sql<Date>`now()` })
    .where("id", "=", id)
    .execute();
}

/** Remembered once, before the first call: the refunded total this refund brings the payment to. */
export async function setClaimTarget(db: Db, id: string, targetMinor: number): Promise<void> {
  await db.updateTable("refund_requests").set({ target_minor: targetMinor }).where("id", "=", id).execute();
}

/** Active claims of an order: asked for, or being asked for; `silent` when an attempt has gone unanswered too long. */
export async function activeClaims(db: Db, orderId: string): Promise<Array<RefundClaim & { silent: boolean }>> {
  return db.selectFrom("refund_requests").selectAll().select(silentSql.as("silent")).where("order_id", "=", orderId).where("status", "in", ["claimed", "requested"]).execute();
}

/** Holds its scope: done, or claimed by an attempt that may still be under way. */
export const holds = (c: RefundClaim & { silent: boolean }) => c.status === "requested" || (c.status === "claimed" && !c.silent);

/** The tickets of every active claim whose target the provider's refunded total has reached. */
export async function ticketsUpToTotal(db: Db, orderId: string, refundedTotal: number): Promise<string[]> {
  const rows = await db
    .selectFrom("refund_requests")
    .select("attendee_ids")
    .where("order_id", "=", orderId)
    .where("status", "in", ["claimed", "requested"])
    .where("target_minor", "<=", refundedTotal)
    .execute();
  return rows.flatMap((r) => r.attendee_ids);
}
