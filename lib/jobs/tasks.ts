// The worker's task list. dispatch_domain_event fans one outbox row out into a
// delivery row and a job per subscriber, in one transaction; deliver_to_subscriber
// runs one subscriber for one event, retried with graphile-worker's exponential
// backoff, and marks the delivery dead once its attempts are spent.
import { accountMailTasks } from "@/lib/accounts/mail-task";
import { alertTasks } from "@/lib/alerts/tasks";
import { calendarSyncTasks } from "@/lib/calendar-sync/tasks";
import { backfillTasks } from "@/lib/backfills/tasks";
import { connectionUpkeepTasks } from "@/lib/connection-upkeep/tasks";
import { fileTasks } from "@/lib/integrations/storage/tasks";
import type { TaskList } from "graphile-worker";
import type { Db } from "@/lib/db/client";
import { isDomainEventType, parsePayload, type DomainEvent } from "@/lib/domain/outbox/catalog";
import { isPermanentFailure, type Subscriber, type SubscriberSource } from "@/lib/domain/outbox/subscribers";
import { runBroadcastBatch } from "@/lib/broadcasting/run";
import { releaseExpiredHolds } from "@/lib/domain/orders/settle";
import { closeExpiredPaymentForm, sweepExpiredPaymentForms } from "@/lib/checkout/on-page";
import { sweepDueInvoices } from "@/lib/checkout/invoice-company";
import { sendReminder } from "@/lib/domain/reminders/send";
import { invitationMailTasks } from "@/lib/members/invitation-mail";
import { platformMailTasks } from "@/lib/notify/platform-mail";
import { toTaskList, type TaskHandlers } from "@/lib/queue/handlers";
import type { TaskName } from "@/lib/queue/tasks";
import { retentionTasks } from "@/lib/retention/tasks";
import { processWebhookEvent } from "@/lib/webhooks/inbound/process";
import { outboundWebhookTasks } from "@/lib/webhooks/outbound/subscriber";
import { enqueueDelivery } from "./deliveries";
import { withJobSpans } from "./traced-tasks";

/** One crontab line; `options` in graphile-worker's syntax (`?max=1`). */
const cron = (schedule: string, task: TaskName, options = "") => `${schedule} ${task}${options ? ` ${options}` : ""}`;
/**
 * Every five minutes, release the places of checkouts nobody finished, queue
 * connections' due upkeep and the move of files waiting for their storage; hourly, prune rows past their retention and look after
 * calendar channels.
 */
export const CRONTAB = [
  cron("*/5 * * * *", "release_expired_holds"),
  cron("*/5 * * * *", "sweep_connection_upkeep"),
  cron("*/5 * * * *", "sweep_waiting_files"),
  cron("17 * * * *", "prune_expired_rows"),
  cron("41 * * * *", "sweep_calendar_channels"),
  // Every minute: alert incidents opened and resolved from the state of the integrations (lib/alerts).
  // One attempt: the next minute's sweep is the retry, and a failed one must not pile up re-runs.
  cron("* * * * *", "sweep_alerts", "?max=1"),
].join("\n");

export interface TaskOptions {
  db: Db;
  sources: SubscriberSource[];
  /** Attempts per delivery before it is marked dead and left for a person to retry. */
  maxAttempts: number;
}

export async function loadDomainEvent(db: Db, id: string): Promise<DomainEvent | undefined> {
  const row = await db.selectFrom("domain_events").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  if (!isDomainEventType(row.type)) throw new Error(`Unknown domain event type ${row.type}`);
  return {
    id: row.id,
    orgId: row.org_id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at,
    payload: parsePayload(row.type, row.payload),
  };
}

export function makeTaskList(opts: TaskOptions): TaskList {
  async function resolve(id: string): Promise<Subscriber | undefined> {
    for (const source of opts.sources) {
      const s = await source.resolve(id, opts.db);
      if (s) return s;
    }
    return undefined;
  }

  const handlers: TaskHandlers = {
    // deliver_webhook_message: one outbound webhook attempt (lib/webhooks/outbound).
    ...outboundWebhookTasks(opts.db),
    // send_platform_mail: a notice e-mailed through the platform's SMTP server (lib/notify).
    ...platformMailTasks(opts.db),
    // send_invitation_mail: an invitation's link, made and mailed by the job (lib/members).
    ...invitationMailTasks(opts.db),
    // send_account_mail: confirmation, password and "already registered" e-mails (lib/accounts).
    ...accountMailTasks(opts.db),
    // sync_calendar, renew_calendar_channel, sweep_calendar_channels: two-way calendar sync (lib/calendar-sync).
    ...calendarSyncTasks(opts.db),
    // sweep_connection_upkeep, run_connection_periodic, renew_lapsing_grant: connectors' periodic work and lapsing grants (lib/connection-upkeep).
    ...connectionUpkeepTasks(opts.db),
    ...fileTasks(opts.db),
    // run_backfill_batch: connectors catching up with past orders (lib/backfills).
    ...backfillTasks(opts.db),
    // prune_expired_rows: the growing tables kept to their retention (lib/retention).
    ...retentionTasks(opts.db),
    // evaluate_alerts, sweep_alerts, send_alert_notice: incidents and their notices (lib/alerts).
    ...alertTasks(opts.db),

    async process_webhook_event({ id }, helpers) {
      const { attempts, max_attempts } = helpers.job;
      // graphile-worker's own schedule after a failed attempt: exp(min(attempts, 10)) seconds.
      const retryAt = attempts >= max_attempts ? null : new Date(Date.now() + Math.exp(Math.min(attempts, 10)) * 1000);
      try {
        await processWebhookEvent(opts.db, id, { retryAt });
      } catch (err) {
        if (!isPermanentFailure(err)) throw err;
        // Recorded on the row as final; the job ends so it is not retried.
        helpers.logger.warn(`callback ${id} not applied, for good: ${(err as Error).message}`);
      }
    },

    async send_event_reminder({ attendeeId, offsetMinutes }, helpers) {
      const outcome = await sendReminder(opts.db, attendeeId, offsetMinutes);
      if (outcome !== "sent") helpers.logger.info(`reminder ${offsetMinutes} min before the start for attendee ${attendeeId}: ${outcome.replace("_", " ")}`);
    },

    async send_broadcast_batch({ broadcastId }, helpers) {
      const result = await runBroadcastBatch(opts.db, broadcastId, { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
      if (result === "done") helpers.logger.info(`broadcast ${broadcastId} finished`);
    },

    async close_payment_form({ orderId }, helpers) {
      const outcome = await closeExpiredPaymentForm(opts.db, orderId);
      if (outcome !== "unchanged") helpers.logger.info(`payment form of order ${orderId} at the end of its hold: ${outcome.replace("_", " ")}`);
    },

    async release_expired_holds(_payload, helpers) {
      const released = await releaseExpiredHolds(opts.db);
      if (released) helpers.logger.info(`released the places of ${released} unfinished checkouts`);
      const forms = await sweepExpiredPaymentForms(opts.db);
      if (forms) helpers.logger.info(`closed ${forms} on-page payments past their hold and released their places`);
      const invoices = await sweepDueInvoices(opts.db);
      if (invoices) helpers.logger.info(`applied ${invoices} invoices past their due date whose callback had not come`);
    },

    async dispatch_domain_event({ domainEventId }, helpers) {
      const event = await loadDomainEvent(opts.db, domainEventId);
      if (!event) {
        helpers.logger.warn(`domain event ${domainEventId} no longer exists; nothing to dispatch`);
        return;
      }
      const accepted: Subscriber[] = [];
      for (const source of opts.sources) accepted.push(...(await source.subscribersFor(event, opts.db)));
      await opts.db.transaction().execute(async (tx) => {
        for (const s of accepted) {
          const inserted = await tx
            .insertInto("subscriber_deliveries")
            .values({ org_id: event.orgId, domain_event_id: event.id, subscriber: s.id, queue_name: s.ordered ? s.id : null })
            .onConflict((oc) => oc.columns(["domain_event_id", "subscriber"]).doNothing())
            .returning(["id", "queue_name"])
            .executeTakeFirst();
          // A re-run of this job (after a crash) finds the rows already there and their jobs queued.
          if (inserted) await enqueueDelivery(tx, inserted.id, opts.maxAttempts, inserted.queue_name);
        }
        await tx.updateTable("domain_events").set({ dispatched_at: new Date() }).where("id", "=", event.id).execute();
      });
    },

    async deliver_to_subscriber({ deliveryId }, helpers) {
      const delivery = await opts.db
        .selectFrom("subscriber_deliveries")
        .selectAll()
        .where("id", "=", deliveryId)
        .executeTakeFirst();
      if (!delivery || delivery.status === "succeeded") return;
      const attempt = helpers.job.attempts;
      try {
        const subscriber = await resolve(delivery.subscriber);
        if (!subscriber) throw new Error(`No subscriber named ${delivery.subscriber} is registered in this worker`);
        const event = await loadDomainEvent(opts.db, delivery.domain_event_id);
        if (!event) throw new Error(`Domain event ${delivery.domain_event_id} no longer exists`);
        const outcome = await subscriber.handle(event, { db: opts.db, attempt });
        await opts.db
          .updateTable("subscriber_deliveries")
          .set({
            status: outcome === "skipped" ? "skipped" : "succeeded",
            attempts: attempt,
            last_error: null,
            next_attempt_at: null,
            updated_at: new Date(),
          })
          .where("id", "=", deliveryId)
          .execute();
      } catch (err) {
        // Refused credentials or a rejected request will fail the same way every
        // time: stop at once and wait for a person instead of burning the schedule.
        const permanent = isPermanentFailure(err);
        const dead = permanent || attempt >= helpers.job.max_attempts;
        await opts.db
          .updateTable("subscriber_deliveries")
          .set({
            status: dead ? "dead" : "retrying",
            attempts: attempt,
            last_error: String((err as Error)?.message ?? err).slice(0, 2000),
            // graphile-worker's own schedule: exp(min(attempts, 10)) seconds.
            next_attempt_at: dead ? null : new Date(Date.now() + Math.exp(Math.min(attempt, 10)) * 1000),
            updated_at: new Date(),
          })
          .where("id", "=", deliveryId)
          .execute();
        if (!permanent) throw err;
        helpers.logger.warn(`delivery ${deliveryId} failed permanently: ${(err as Error).message}`);
      }
    },
  };
  return toTaskList(withJobSpans(opts.db, handlers));
}
