// The circuit_breakers row of a connection: what every process reads before a
// call and writes, compare-and-set, when the breaker's state changes.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { BreakerState } from "@/lib/db/schema";

/** cockatiel's CircuitBreakerPolicy.toJSON(), plus what a reader needs to tell when it half-opens. */
export interface BreakerSnapshot {
  ownState: { value: number; openedAt?: number; attemptNo?: number; counters?: number };
  /** The ConsecutiveBreaker's count of failed calls in a row. */
  breakerState: number;
  halfOpenAfterMs: number;
}

export interface StoredBreaker {
  state: BreakerState;
  snapshot: BreakerSnapshot | null;
  openedAt: Date | null;
  /** When the breaker first left closed; unlike openedAt it stays put while half-open tests fail. */
  trippedAt: Date | null;
  updatedAt: Date;
}

export interface BreakerWrite {
  state: BreakerState;
  snapshot: BreakerSnapshot;
  openedAt: Date | null;
}

export async function loadBreaker(db: Db, connectionId: string): Promise<StoredBreaker | null> {
  const row = await db
    .selectFrom("circuit_breakers")
    .select(["state", "snapshot", "opened_at", "tripped_at", "updated_at"])
    .where("connection_id", "=", connectionId)
    .executeTakeFirst();
  return row ? stored(row) : null;
}

/** The breakers of several connections in one query, by connection id; a connection without a row has none. */
export async function loadBreakers(db: Db, connectionIds: readonly string[]): Promise<Map<string, StoredBreaker>> {
  if (connectionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("circuit_breakers")
    .select(["connection_id", "state", "snapshot", "opened_at", "tripped_at", "updated_at"])
    .where("connection_id", "in", connectionIds)
    .execute();
  return new Map(rows.map((r) => [r.connection_id, stored(r)]));
}

function stored(row: { state: BreakerState; snapshot: unknown; opened_at: Date | null; tripped_at: Date | null; updated_at: Date }): StoredBreaker {
  return { state: row.state, snapshot: asSnapshot(row.snapshot), openedAt: row.opened_at, trippedAt: row.tripped_at, updatedAt: row.updated_at };
}

/**
 * Writes `next` only if the row still holds what was read (`expected`), so two
 * processes finishing calls at once cannot overwrite each other's transition.
 * Returns false when someone else got there first.
 */
export async function saveBreaker(
  db: Db,
  owner: { connectionId: string; orgId: string },
  expected: StoredBreaker | null,
  next: BreakerWrite,
  at: Date,
): Promise<boolean> {
  const values = { state: next.state, snapshot: JSON.stringify(next.snapshot), opened_at: next.openedAt, updated_at: at };
  if (!expected) {
    const inserted = await db
      .insertInto("circuit_breakers")
      .values({ connection_id: owner.connectionId, org_id: owner.orgId, ...values, tripped_at: next.state === "closed" ? null : at })
      .onConflict((oc) => oc.column("connection_id").doNothing())
      .returning("connection_id")
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const updated = await db
    .updateTable("circuit_breakers")
    // tripped_at stays put through open → half-open → open, so alerts can tell how long calls have failed.
    .set({ ...values, tripped_at: next.state === "closed" ? null : sql<Date>`coalesce(tripped_at, ${at}::timestamptz)` })
    .where("connection_id", "=", owner.connectionId)
    .where("state", "=", expected.state)
    .where(sql<boolean>`snapshot is not distinct from ${expected.snapshot === null ? null : JSON.stringify(expected.snapshot)}::jsonb`)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export function sameBreaker(a: StoredBreaker | null, b: BreakerWrite): boolean {
  if (!a) return b.state === "closed" && b.snapshot.breakerState === 0;
  return a.state === b.state && canonical(a.snapshot) === canonical(b.snapshot);
}

// jsonb does not keep key order, so snapshots are compared with sorted keys.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function asSnapshot(value: unknown): BreakerSnapshot | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Partial<BreakerSnapshot>;
  if (!v.ownState || typeof v.ownState.value !== "number" || typeof v.breakerState !== "number") return null;
  return v as BreakerSnapshot;
}
