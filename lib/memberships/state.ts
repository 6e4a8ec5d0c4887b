// A membership's state is the payment provider's: each callback re-reads the
// subscription as the provider says it is *now* (never the event's old copy),
// under a lock per subscription taken before the read, so two callbacks at once
// apply in the order they read and the later read wins; applying is idempotent
// and the order callbacks arrive in does not matter. Facts are told on
// transitions only, in the same transaction, so a replayed or late callback tells
// nothing twice.
import type { Db, Tx } from "@/lib/db/client";
import type { PlanMembershipRow, PlanMembershipStatus } from "@/lib/db/schema";
import { recordDomainEvent } from "@/lib/domain/outbox/record";
import type { DomainEventType, MembershipSnapshot } from "@/lib/domain/outbox/catalog";
import { sql } from "kysely";
import type { Keyring } from "@/lib/vault";
import { queueWelcomeMail } from "./welcome-mail";

/** A subscription as its provider reports it, in our words. */
export interface SubscriptionState {
  orgId: string;
  connectionId: string;
  subscriptionId: string;
  /** Our membership id, from the subscription's metadata (set at checkout). */
  membershipId: string | null;
  status: PlanMembershipStatus;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  priceId: string | null;
}

export type Applied = { outcome: "unknown" } | { outcome: "unchanged" | "changed"; membership: PlanMembershipRow; told: DomainEventType[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The membership a known subscription belongs to, its row locked for the transaction. */
export function lockMembershipOfSubscription(tx: Tx, key: SubscriptionKey) {
  return tx
    .selectFrom("plan_memberships")
    .selectAll()
    .where("org_id", "=", key.orgId)
    .where("connection_id", "=", key.connectionId)
    .where("provider_subscription_id", "=", key.subscriptionId)
    .forUpdate()
    .executeTakeFirst();
}

async function lockMembership(tx: Tx, s: SubscriptionState) {
  const bySubscription = await lockMembershipOfSubscription(tx, s);
  if (bySubscription || !s.membershipId || !UUID.test(s.membershipId)) return bySubscription;
  // The first callback of a new subscription: the checkout put our id in its metadata. It must be
  // billed through this connection at the price the membership was opened with.
  if (!s.priceId) return undefined;
  return tx
    .selectFrom("plan_memberships")
    .selectAll()
    .where("org_id", "=", s.orgId)
    .where("id", "=", s.membershipId)
    .where("connection_id", "=", s.connectionId)
    .where("provider_price_id", "=", s.priceId)
    .where((eb) => eb.or([eb("provider_subscription_id", "is", null), eb("provider_subscription_id", "=", s.subscriptionId)]))
    .forUpdate()
    .executeTakeFirst();
}

export async function membershipSnapshot(tx: Tx | Db, m: PlanMembershipRow): Promise<MembershipSnapshot> {
  const plan = await tx.selectFrom("membership_plans").select("name").where("id", "=", m.plan_id).executeTakeFirstOrThrow();
  return {
    id: m.id,
    planId: m.plan_id,
    planName: plan.name,
    name: m.name,
    email: m.email,
    status: m.status,
    currentPeriodEnd: m.current_period_end ? m.current_period_end.toISOString() : null,
    cancelAtPeriodEnd: m.cancel_at_period_end,
  };
}

export async function tell(tx: Tx, m: PlanMembershipRow, type: DomainEventType & `membership.${string}`): Promise<void> {
  await recordDomainEvent(tx, { orgId: m.org_id, type, aggregateId: m.id, payload: { membership: await membershipSnapshot(tx, m) } } as never);
}

/** What a move from one state to another tells the world. */
function transitions(before: PlanMembershipRow, after: PlanMembershipStatus): Array<DomainEventType & `membership.${string}`> {
  if (before.status === after) return [];
  if (after === "active" && !before.started_at) return ["membership.started"];
  if (after === "past_due") return ["membership.past_due"];
  if (after === "cancelled") return ["membership.cancelled"];
  return [];
}

/** Which subscription a callback is about, known before it is read. */
export interface SubscriptionKey {
  orgId: string;
  connectionId: string;
  subscriptionId: string;
}

/**
 * Reads the subscription (`read`, the provider's call) while holding its lock and
 * applies what it says. The lock is held across the read so that a callback that
 * read an older state cannot commit after one that read a newer state.
 */
export async function applySubscription(db: Db, keyring: Keyring, key: SubscriptionKey, read: () => Promise<SubscriptionState>): Promise<Applied> {
  return db.transaction().execute(async (tx): Promise<Applied> => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`membership-subscription:${key.connectionId}:${key.subscriptionId}`}, 0))`.execute(tx);
    const s = await read();
    if (s.subscriptionId !== key.subscriptionId || s.connectionId !== key.connectionId) throw new Error(`read subscription ${s.subscriptionId} for ${key.subscriptionId}`);
    const before = await lockMembership(tx, s);
    if (!before) return { outcome: "unknown" };
    // A cancelled membership stays cancelled: the provider never revives a cancelled subscription.
    const status = before.status === "cancelled" ? "cancelled" : s.status;
    const same =
      before.provider_subscription_id === s.subscriptionId &&
      before.status === status &&
      (before.current_period_end?.getTime() ?? null) === (s.currentPeriodEnd?.getTime() ?? null) &&
      before.cancel_at_period_end === s.cancelAtPeriodEnd &&
      (s.priceId === null || before.provider_price_id === s.priceId);
    if (same) return { outcome: "unchanged", membership: before, told: [] };
    const told = transitions(before, status);
    const now = new Date();
    const membership = await tx
      .updateTable("plan_memberships")
      .set({
        provider_subscription_id: s.subscriptionId,
        status,
        current_period_end: s.currentPeriodEnd,
        cancel_at_period_end: s.cancelAtPeriodEnd,
        ...(s.priceId ? { provider_price_id: s.priceId } : {}),
        ...(status === "active" && !before.started_at ? { started_at: now } : {}),
        ...(status === "cancelled" && !before.cancelled_at ? { cancelled_at: now } : {}),
        updated_at: now,
      })
      .where("id", "=", before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const type of told) await tell(tx, membership, type);
    if (told.includes("membership.started")) await queueWelcomeMail(tx, keyring, membership);
    return { outcome: "changed", membership, told };
  });
}

/** A subscription checkout that ran out unpaid: its pending membership ends (it never started, so nothing is told). */
export async function endUnpaidMembership(db: Db, orgId: string, membershipId: string | null, checkoutId: string): Promise<boolean> {
  if (!membershipId || !UUID.test(membershipId)) return false;
  const ended = await db
    .updateTable("plan_memberships")
    .set({ status: "cancelled", cancelled_at: new Date(), updated_at: new Date() })
    .where("id", "=", membershipId)
    .where("org_id", "=", orgId)
    .where("checkout_id", "=", checkoutId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(ended.numUpdatedRows) > 0;
}
