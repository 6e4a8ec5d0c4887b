// What each growing table may lose, as one bounded DELETE per batch. Every
// statement commits on its own, picks at most `limit` rows of the table it names
// (SKIP LOCKED, so a row a job is updating right now is left for next time), and
// deletes the rows that hang off those first. What is still needed is never
// picked: unfinished work, unsettled callbacks, a fact whose deliveries remain.
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

const callLog: RetentionPolicy = {
  name: "call log",
  window: "callLogMs",
  // Rows are written once and never updated, so nothing needs locking.
  statement: (windowMs, limit) => sql`
    delete from integration_calls where id in (
      select id from integration_calls where created_at < ${cutoff(windowMs)} limit ${limit})`,
};

const outboundMessages: RetentionPolicy = {
  name: "outbound messages",
  window: "deliveriesMs",
  // A message goes with its attempts once it is finished (succeeded, or failed
  // by its schedule) and nothing has been tried for the window: a resend
  // yesterday keeps a month-old message on the Deliveries page. Pending and
  // retrying messages stay whatever their age.
  statement: (windowMs, limit) => sql`
    with doomed as (
      select m.id from webhook_messages m
      where m.status in ('succeeded', 'failed') and m.created_at < ${cutoff(windowMs)}
        and not exists (select 1 from webhook_attempts a where a.message_id = m.id and a.attempted_at >= ${cutoff(windowMs)})
      limit ${limit}
      for update skip locked
    ), attempts as (
      delete from webhook_attempts a using doomed d where a.message_id = d.id
    )
    delete from webhook_messages m using doomed d where m.id = d.id`,
};

const subscriberDeliveries: RetentionPolicy = {
  name: "subscriber deliveries",
  window: "deliveriesMs",
  // Finished ones (succeeded, skipped, or dead and not retried since) the window
  // after they last changed: a dead delivery can be retried from the
  // Deliveries page until then. Pending and retrying ones stay whatever their age.
  statement: (windowMs, limit) => sql`
    delete from subscriber_deliveries where id in (
      select id from subscriber_deliveries
      where status in ('succeeded', 'skipped', 'dead') and updated_at < ${cutoff(windowMs)}
      limit ${limit}
      for update skip locked)`,
};

const receivedCallbacks: RetentionPolicy = {
  name: "received callbacks",
  window: "receivedCallbacksMs",
  // Only settled callbacks: processed, ignored, or failed for good (no retry
  // due). One still to be processed or retried stays, however old.
  statement: (windowMs, limit) => sql`
    delete from webhook_events where id in (
      select id from webhook_events
      where received_at < ${cutoff(windowMs)}
        and (status in ('processed', 'ignored') or (status = 'failed' and retry_at is null))
      limit ${limit}
      for update skip locked)`,
};

const facts: RetentionPolicy = {
  name: "facts",
  window: "factsMs",
  // A fact goes once it is dispatched and its subscriber deliveries and outbound
  // messages are gone (they leave on their own window, which never takes
  // unfinished ones); its activity log entry goes in the same statement, before
  // it. Nothing else points at a fact (the reminders and SMS that name one keep
  // its id without a foreign key).
  statement: (windowMs, limit) => sql`
    with doomed as (
      select e.id from domain_events e
      where e.occurred_at < ${cutoff(windowMs)} and e.dispatched_at is not null
        and not exists (select 1 from subscriber_deliveries d where d.domain_event_id = e.id)
        and not exists (select 1 from webhook_messages m where m.domain_event_id = e.id)
      limit ${limit}
      for update skip locked
    ), activity as (
      delete from activity_log a using doomed d where a.domain_event_id = d.id
    )
    delete from domain_events e using doomed d where e.id = d.id`,
};

const activityNotices: RetentionPolicy = {
  name: "activity notices",
  window: "factsMs",
  // Notices that come from no fact (an endpoint disabled, a lapsing grant) keep the facts' window.
  statement: (windowMs, limit) => sql`
    delete from activity_log where id in (
      select id from activity_log where domain_event_id is null and received_at < ${cutoff(windowMs)} limit ${limit})`,
};

const idempotencyKeys: RetentionPolicy = {
  name: "idempotency keys",
  window: "idempotencyKeysMs",
  // Created and last taken before the window: a key held by a request is never taken from under it.
  statement: (windowMs, limit) => sql`
    delete from api_idempotency_keys where (api_key_id, idempotency_key) in (
      select api_key_id, idempotency_key from api_idempotency_keys
      where created_at < ${cutoff(windowMs)} and locked_at < ${cutoff(windowMs)}
      limit ${limit})`,
};

/** Children's tables before their parents', so a parent's turn finds its children gone. */
export const RETENTION_POLICIES: readonly RetentionPolicy[] = [callLog, subscriberDeliveries, outboundMessages, receivedCallbacks, facts, activityNotices, idempotencyKeys];
