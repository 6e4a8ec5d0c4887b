// The rows behind a broadcast: the broadcast itself and one row per recipient.
// A recipient's status is the claim: a run takes pending rows (and rows a dead
// run left 'sending' past the lease) with FOR UPDATE SKIP LOCKED, so two runs at
// once never take the same recipient, and records each outcome only over its
// own 'sending' claim. Provider-neutral: lib/broadcasting drives it and the
// connectors' callbacks write delivery statuses (./delivery.ts).
import { sql } from "kysely";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { BroadcastRecipientStatus, BroadcastsTable } from "@/lib/db/schema";

export type Audience = BroadcastsTable["audience"];

export interface NewBroadcast {
  orgId: string;
  eventId: string;
  connectionId: string;
  channel: string;
  audience: Audience;
  subject: string;
  text: string;
  createdBy: string | null;
  recipients: Array<{ attendeeId: string; name: string; address: string }>;
}

/** Rows inserted per statement: well under Postgres's parameter limit. */
const INSERT_CHUNK = 1000;

/** Writes the broadcast and its recipients (each address once); returns its id. Run it in the transaction that enqueues the first batch. */
export async function createBroadcast(db: DbOrTx, b: NewBroadcast): Promise<string> {
  const { id } = await db
    .insertInto("broadcasts")
    .values({ org_id: b.orgId, event_id: b.eventId, connection_id: b.connectionId, channel: b.channel, audience: b.audience, subject: b.subject, text: b.text, created_by: b.createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();
  const seen = new Set<string>();
  const rows = b.recipients.filter((r) => !seen.has(r.address) && seen.add(r.address));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto("broadcast_recipients")
      .values(rows.slice(i, i + INSERT_CHUNK).map((r) => ({ org_id: b.orgId, broadcast_id: id, attendee_id: r.attendeeId, name: r.name, address: r.address })))
      .onConflict((oc) => oc.columns(["broadcast_id", "address"]).doNothing())
      .execute();
  }
  return id;
}

export interface ClaimedRecipient {
  id: string;
  attendeeId: string;
  name: string;
  address: string;
  /** How many runs have taken this row, this one included. */
  attempts: number;
}

/**
 * Takes up to `size` recipients for one run: pending ones, and ones left
 * 'sending' for longer than `leaseMs` (their run died: a live run records its
 * outcomes well within the lease, as every provider call has a timeout).
 */
export async function claimBatch(db: Db, broadcastId: string, size: number, leaseMs: number): Promise<ClaimedRecipient[]> {
  const { rows } = await sql<{ id: string; attendee_id: string | null; name: string; address: string; attempts: number }>`
    update broadcast_recipients r
    set status = 'sending', claimed_at = now(), attempts = r.attempts + 1, updated_at = now()
    where r.id in (
      select id from broadcast_recipients
      where broadcast_id = ${broadcastId}
        and (status = 'pending' or (status = 'sending' and claimed_at < now() - make_interval(secs => ${leaseMs / 1000})))
      order by id
      limit ${size}
      for update skip locked
    )
    returning r.id, r.attendee_id, r.name, r.address, r.attempts`.execute(db);
  return rows.map((r) => ({ id: r.id, attendeeId: r.attendee_id ?? "", name: r.name, address: r.address, attempts: r.attempts })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

export type Outcome =
  | { recipientId: string; status: "sent"; providerRef?: string }
  | { recipientId: string; status: "skipped" | "failed"; reason: string };

/** Records what became of claimed recipients; a row no longer 'sending' (taken over after a lease ran out and finished) is left alone. */
export async function recordOutcomes(db: Db, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const ids = outcomes.map((o) => o.recipientId);
  const statuses = outcomes.map((o) => o.status);
  const reasons = outcomes.map((o) => (o.status === "sent" ? null : o.reason.slice(0, 500)));
  const refs = outcomes.map((o) => (o.status === "sent" ? (o.providerRef ?? null) : null));
  await sql`
    update broadcast_recipients r
    set status = v.status, reason = v.reason, provider_ref = coalesce(v.ref, r.provider_ref), claimed_at = null, updated_at = now()
    from (select unnest(${ids}::uuid[]) as id, unnest(${statuses}::text[]) as status, unnest(${reasons}::text[]) as reason, unnest(${refs}::text[]) as ref) v
    where r.id = v.id and r.status = 'sending'`.execute(db);
}

/** Puts a batch whose send failed back to pending, for the next run. */
export async function releaseBatch(db: Db, recipientIds: string[]): Promise<void> {
  if (recipientIds.length === 0) return;
  await db
    .updateTable("broadcast_recipients")
    .set({ status: "pending", claimed_at: null, updated_at: new Date() })
    .where("id", "in", recipientIds)
    .where("status", "=", "sending")
    .execute();
}

export interface Progress {
  total: number;
  pending: number;
  sending: number;
  sent: number;
  skipped: number;
  failed: number;
}

export async function progressOf(db: DbOrTx, broadcastId: string): Promise<Progress> {
  const rows = await db
    .selectFrom("broadcast_recipients")
    .select(["status", sql<string>`count(*)`.as("n")])
    .where("broadcast_id", "=", broadcastId)
    .groupBy("status")
    .execute();
  const p: Progress = { total: 0, pending: 0, sending: 0, sent: 0, skipped: 0, failed: 0 };
  for (const r of rows) {
    p[r.status as BroadcastRecipientStatus] = Number(r.n);
    p.total += Number(r.n);
  }
  return p;
}

/** Whether recipients are left to send (pending, or taken by a run that has not recorded them yet). */
export async function hasUnsent(db: DbOrTx, broadcastId: string): Promise<boolean> {
  const row = await db
    .selectFrom("broadcast_recipients")
    .select("id")
    .where("broadcast_id", "=", broadcastId)
    .where("status", "in", ["pending", "sending"])
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Marks the broadcast done once no recipient is left to send, with one activity
 * log line that says how it went; the progress when this call finished it,
 * undefined when recipients are left or it was finished already.
 */
export async function finishIfDone(db: Db, broadcastId: string, channelLabel: string): Promise<Progress | undefined> {
  return db.transaction().execute(async (tx) => {
    if (await hasUnsent(tx, broadcastId)) return undefined;
    const done = await tx
      .updateTable("broadcasts")
      .set({ status: "done", finished_at: new Date() })
      .where("id", "=", broadcastId)
      .where("status", "=", "sending")
      .returning(["org_id", "subject", "text"])
      .executeTakeFirst();
    if (!done) return undefined;
    const p = await progressOf(tx, broadcastId);
    const what = done.subject || (done.text.length > 40 ? `${done.text.slice(0, 40)}…` : done.text);
    await tx
      .insertInto("activity_log")
      .values({ org_id: done.org_id, domain_event_id: null, type: "broadcast.finished", summary: `${channelLabel} “${what}” to ${p.total} recipient${p.total === 1 ? "" : "s"}: ${summaryOf(p)}.` })
      .execute();
    return p;
  });
}

export function summaryOf(p: Progress): string {
  return `${p.sent} sent, ${p.skipped} skipped, ${p.failed} failed`;
}

export async function findBroadcast(db: Db, orgId: string, broadcastId: string) {
  return db.selectFrom("broadcasts").selectAll().where("org_id", "=", orgId).where("id", "=", broadcastId).executeTakeFirst();
}

export async function loadBroadcast(db: Db, broadcastId: string) {
  return db.selectFrom("broadcasts").selectAll().where("id", "=", broadcastId).executeTakeFirst();
}

export async function listBroadcasts(db: Db, orgId: string, eventId: string) {
  return db
    .selectFrom("broadcasts")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("event_id", "=", eventId)
    .orderBy("created_at", "desc")
    .limit(50)
    .execute();
}

export async function listRecipients(db: Db, broadcastId: string, limit = 2000) {
  return db
    .selectFrom("broadcast_recipients")
    .select(["id", "name", "address", "status", "reason", "delivery", "delivery_detail"])
    .where("broadcast_id", "=", broadcastId)
    .orderBy("name")
    .orderBy("address")
    .limit(limit)
    .execute();
}
