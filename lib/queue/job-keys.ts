// Every job key and named queue, spelled once. graphile-worker keeps one job per
// key, which is what makes enqueueing twice, the sweeper re-arming lost work and
// a re-plan racing a running job all safe; so a key built in TypeScript and the
// same key built in SQL (to enqueue or look up many jobs in one statement) must
// never drift apart. Each is "<prefix>:<id>[:<id>…]".
import { sql, type Expression, type RawBuilder } from "kysely";

export interface KeyShape {
  /** The key of one job, from its ids. */
  of(...ids: Array<string | number>): string;
  /** The same key built in SQL from columns or values. */
  sql(...ids: Array<Expression<unknown>>): RawBuilder<string>;
}

function keyShape(prefix: string): KeyShape {
  return {
    of: (...ids) => [prefix, ...ids].join(":"),
    sql: (...ids) => sql<string>`${sql.join([sql.lit(prefix), ...ids], sql` || ':' || `)}`,
  };
}

export const jobKeys = {
  /** dispatch_domain_event, one per fact. */
  dispatch: keyShape("dispatch"),
  /** deliver_to_subscriber, one per subscriber delivery. */
  deliver: keyShape("deliver"),
  /** process_webhook_event, one per stored provider callback. */
  inboundCallback: keyShape("webhook"),
  /** deliver_webhook_message: message, then the attempt number or "resend"/"replay" and what makes it unique. */
  outboundAttempt: keyShape("outbound"),
  /** move_stored_file, one waiting per file. */
  fileMove: keyShape("file-move"),
  /** remove_stored_file, one waiting per file. */
  fileRemoval: keyShape("file-remove"),
  /** send_event_reminder, one per attendee and offset in minutes. */
  reminder: keyShape("reminder"),
  /** send_platform_mail, one per activity log entry it reports on. */
  platformMail: keyShape("platform-mail"),
  /** send_invitation_mail, one per activity log entry it reports on. */
  invitationMail: keyShape("invitation-mail"),
  /** send_broadcast_batch, one waiting or running per broadcast. */
  broadcast: keyShape("broadcast"),
  /** sync_calendar, one waiting per connection: notifications arriving together collapse into one read. */
  calendarSync: keyShape("calendar-sync"),
  /** run_backfill_batch, one waiting per backfill (and its queue, so batches run one at a time). */
  backfill: keyShape("backfill"),
  /** renew_calendar_channel, one per connection. */
  calendarChannel: keyShape("calendar-channel"),
  /** run_connection_periodic, one per connection. */
  connectionPeriodic: keyShape("connection-periodic"),
  /** renew_lapsing_grant, one per connection. */
  lapsingGrant: keyShape("lapsing-grant"),
  /** evaluate_alerts asked for now (a breaker tripped, a connection flagged), one waiting per organization. */
  alertEvaluation: keyShape("alerts"),
  /** evaluate_alerts when a problem seen becomes old enough to tell (a breaker open past its threshold), one waiting per organization. */
  alertFollowUp: keyShape("alerts-later"),
  /** send_alert_notice, one per incident and phase ("opened", "resolved"). */
  alertNotice: keyShape("alert-notice"),
  /** close_payment_form, one per order paid on our page. */
  paymentFormClose: keyShape("payment-form-close"),
} as const;

export const queueNames = {
  /** An organization's facts are dispatched one at a time, in the order written. */
  dispatch: keyShape("dispatch"),
  /** A broadcast's batches go out one after another. */
  broadcast: keyShape("broadcast"),
  /** A connection's calendar is read and written by one job at a time. */
  calendar: keyShape("calendar"),
  /** An incident's "opened" notice goes out before its "resolved" note. */
  alertNotice: keyShape("alert-notice"),
} as const;
