// What each growing table may lose, as one bounded DELETE per batch. Every
// statement commits on its own, picks at most `limit` rows of the table it names
// (SKIP LOCKED where jobs update those rows, so a row being worked on is left
// for next time), and deletes the rows that hang off those first. What is still
// needed is never picked: unfinished work, unsettled callbacks, a fact whose
// deliveries remain.
import { sql, type RawBuilder } from "kysely";
import type { RetentionWindows } from "./config";

export interface RetentionPolicy {
  /** How the table is named in logs and the README. */
  name: string;
  window: keyof RetentionWindows;
  /** One batch: deletes up to `limit` rows of the policy's table older than the window (the rows that hang off them too). */
  statement(windowMs: number, limit: number): RawBuilder<unknown>;
}

const cutoff = (windowMs: number) => sql`now() - make_interval(secs => ${windowMs / 1000})`;

interface Picked {
  table: string;
  /** The columns that name one row of the table, which `pick` selects. */
  key?: string[];
  /** A select of at most `limit` rows' keys. */
  pick: RawBuilder<unknown>;
  /** Tables whose rows point at the picked ones, by their foreign key column; deleted in the same statement. */
  children?: Array<{ table: string; column: string }>;
}

function deletePicked({ table, key = ["id"], pick, children = [] }: Picked): RawBuilder<unknown> {
  const matches = (alias: string) => sql.join(key.map((k) => sql`${sql.ref(`${alias}.${k}`)} = ${sql.ref(`p.${k}`)}`), sql` and `);
  const childDeletes = children.map(
    (c, i) => sql`, ${sql.id(`children_${i}`)} as (delete from ${sql.table(c.table)} c using picked p where ${sql.ref(`c.${c.column}`)} = p.id)`,
  );
  return sql`with picked as (${pick})${sql.join(childDeletes, sql``)} delete from ${sql.table(table)} t using picked p where ${matches("t")}`;
}

const callLog: RetentionPolicy = {
  name: "call log",
  window: "callLogMs",
  // Rows are written once and never updated, so nothing needs locking.
  statement: (windowMs, limit) =>
    deletePicked({ table: "integration_calls", pick: sql`select id from integration_calls where created_at < ${cutoff(windowMs)} limit ${limit}` }),
};

const subscriberDeliveries: RetentionPolicy = {
  name: "subscriber deliveries",
  window: "deliveriesMs",
  // Finished ones (succeeded, skipped, or dead and not retried since) the window
  // after they last changed: a dead delivery can be retried from the
  // Deliveries page until then. Pending and retrying ones stay whatever their age.
  statement: (windowMs, limit) =>
    deletePicked({
      table: "subscriber_deliveries",
      pick: sql`select id from subscriber_deliveries
        where status in ('succeeded', 'skipped', 'dead') and updated_at < ${cutoff(windowMs)}
        limit ${limit} for update skip locked`,
    }),
};

const outboundMessages: RetentionPolicy = {
  name: "outbound messages",
  window: "deliveriesMs",
  // A message goes with its attempts once it is finished (succeeded, or failed
  // by its schedule) and nothing has been tried for the window: a resend
  // yesterday keeps a month-old message on the Deliveries page. Pending and
  // retrying messages stay whatever their age.
  statement: (windowMs, limit) =>
    deletePicked({
      table: "webhook_messages",
      pick: sql`select m.id from webhook_messages m
        where m.status in ('succeeded', 'failed') and m.created_at < ${cutoff(windowMs)}
          and not exists (select 1 from webhook_attempts a where a.message_id = m.id and a.attempted_at >= ${cutoff(windowMs)})
        limit ${limit} for update skip locked`,
      children: [{ table: "webhook_attempts", column: "message_id" }],
    }),
};

const receivedCallbacks: RetentionPolicy = {
  name: "received callbacks",
  window: "receivedCallbacksMs",
  // Only settled callbacks: processed, ignored, or failed for good (no retry
  // due). One still to be processed or retried stays, however old.
  statement: (windowMs, limit) =>
    deletePicked({
      table: "webhook_events",
      pick: sql`select id from webhook_events
        where received_at < ${cutoff(windowMs)} and (status in ('processed', 'ignored') or (status = 'failed' and retry_at is null))
        limit ${limit} for update skip locked`,
    }),
};

const facts: RetentionPolicy = {
  name: "facts",
  window: "factsMs",
  // A fact goes once it is dispatched and its subscriber deliveries and outbound
  // messages are gone (they leave on their own window, which never takes
  // unfinished ones); its activity log entry goes in the same statement. Nothing
  // else points at a fact (the reminders and SMS that name one keep its id
  // without a foreign key).
  statement: (windowMs, limit) =>
    deletePicked({
      table: "domain_events",
      pick: sql`select e.id from domain_events e
        where e.occurred_at < ${cutoff(windowMs)} and e.dispatched_at is not null
          and not exists (select 1 from subscriber_deliveries d where d.domain_event_id = e.id)
          and not exists (select 1 from webhook_messages m where m.domain_event_id = e.id)
        limit ${limit} for update skip locked`,
      children: [{ table: "activity_log", column: "domain_event_id" }],
    }),
};

const activityNotices: RetentionPolicy = {
  name: "activity notices",
  window: "factsMs",
  // Notices that come from no fact (an endpoint disabled, a lapsing grant) keep the facts' window.
  statement: (windowMs, limit) =>
    deletePicked({
      table: "activity_log",
      pick: sql`select id from activity_log where domain_event_id is null and received_at < ${cutoff(windowMs)} limit ${limit}`,
    }),
};

const idempotencyKeys: RetentionPolicy = {
  name: "idempotency keys",
  window: "idempotencyKeysMs",
  // Created and last taken before the window: a key held by a request is never taken from under it.
  statement: (windowMs, limit) =>
    deletePicked({
      table: "api_idempotency_keys",
      key: ["api_key_id", "idempotency_key"],
      pick: sql`select api_key_id, idempotency_key from api_idempotency_keys
        where created_at < ${cutoff(windowMs)} and locked_at < ${cutoff(windowMs)}
        limit ${limit}`,
    }),
};

/** Children's tables before their parents', so a parent's turn finds its children gone. */
export const RETENTION_POLICIES: readonly RetentionPolicy[] = [callLog, subscriberDeliveries, outboundMessages, receivedCallbacks, facts, activityNotices, idempotencyKeys];
