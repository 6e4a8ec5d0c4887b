// The one list of the worker's tasks and what each one's payload is. Enqueueing
// (./enqueue.ts) is typed by it and the worker parses every payload with the same
// schema (./handlers.ts), so a job and its handler cannot disagree on a field.
import { z } from "zod";

/** A cron task's payload: graphile-worker adds its own `_cron` details, which nothing reads. */
const scheduled = z.object({});

export const taskPayloads = {
  /** Fans one outbox row out into a delivery row and a job per subscriber. */
  dispatch_domain_event: z.object({ domainEventId: z.uuid() }),
  /** Runs one subscriber for one fact. */
  deliver_to_subscriber: z.object({ deliveryId: z.uuid() }),
  /** One attempt of an outbound webhook message. */
  deliver_webhook_message: z.object({
    messageId: z.uuid(),
    /** Which attempt of the schedule this job is (1-based); resends and replays say 0. */
    attempt: z.number().int().min(0),
    trigger: z.enum(["scheduled", "resend", "replay", "test"]),
    /** How often a rate limit has put this attempt off. */
    deferrals: z.number().int().min(0).default(0),
  }),
  /** Tells event.reminder for one attendee and offset, once; keyed reminder:<attendee>:<offset>, due at the start minus the offset. */
  send_event_reminder: z.object({ attendeeId: z.uuid(), offsetMinutes: z.number().int().positive() }),
  /** E-mails one notice through the platform's SMTP server (lib/notify); its activity log entry says how it went. */
  send_platform_mail: z.object({
    activityId: z.uuid(),
    to: z.array(z.email()).min(1),
    subject: z.string().min(1),
    text: z.string(),
    /** What the activity log shows instead of text, for a mail that carries a one-time link (a secret). */
    loggedText: z.string().optional(),
  }),
  /** Makes an invitation's link and mails it, if the invitation is still as it was sent (lib/members); its activity log entry says how it went. */
  send_invitation_mail: z.object({
    invitationId: z.uuid(),
    activityId: z.uuid(),
    /** The invitation's sent_at when this mail was asked for: sent again since, this job mails nothing. */
    sentAt: z.iso.datetime(),
    resent: z.boolean(),
  }),
  /** E-mails a person about their own account (confirm the address, reset or set the password, "you already have an account"); the job makes the link (lib/accounts). */
  send_account_mail: z.object({
    kind: z.enum(["verify_email", "reset_password", "set_password", "already_registered"]),
    email: z.email(),
  }),
  /** Sends the next batch of one broadcast's recipients (lib/broadcasting); keyed and queued per broadcast, so one runs at a time. */
  send_broadcast_batch: z.object({ broadcastId: z.uuid() }),
  /** Reads what changed in one connection's calendar since its cursor and applies the connection's two-way policy (lib/calendar-sync); keyed and queued per connection. */
  sync_calendar: z.object({
    connectionId: z.uuid(),
    /** Why: a push notification, the provider saying it missed some ("missed" forces a full sync), or a person asking. */
    reason: z.enum(["notification", "missed", "requested"]).default("notification"),
  }),
  /** Renews (or, with reopen, replaces) one connection's push channel before it expires or after the provider removed it. */
  renew_calendar_channel: z.object({ connectionId: z.uuid(), reopen: z.boolean().default(false) }),
  /** Asks for the renewal of calendar channels near their end, and a channel for connections missing one (cron, lib/calendar-sync). */
  sweep_calendar_channels: scheduled,
  /** Queues each connection's due periodic work and the early renewal of lapsing grants (cron, lib/connection-upkeep). */
  sweep_connection_upkeep: scheduled,
  /** Runs one connection's periodic work (the connector's `periodic`); keyed per connection. */
  run_connection_periodic: z.object({ connectionId: z.uuid() }),
  /** Refreshes one connection's OAuth grant before its refresh token lapses, or tells the admins; keyed per connection. */
  renew_lapsing_grant: z.object({ connectionId: z.uuid() }),
  /** Books the next batch of past orders of one backfill through its connector (lib/backfills); keyed and queued per backfill. */
  run_backfill_batch: z.object({ backfillId: z.uuid() }),
  /** Moves one file from the local disk to the storage connection it waits for (lib/integrations/storage); keyed per file. */
  move_stored_file: z.object({ fileId: z.uuid() }),
  /** Removes one file's bytes wherever they are kept, then its row; keyed per file. */
  remove_stored_file: z.object({ fileId: z.uuid() }),
  /** Queues the move of every file still waiting on the local disk for its storage connection (cron). */
  sweep_waiting_files: scheduled,
  /** Opens and resolves one organization's alert incidents from the state of its integrations (lib/alerts); keyed per organization. */
  evaluate_alerts: z.object({ orgId: z.uuid() }),
  /** Evaluates the alerts of every organization with something to look at (cron, lib/alerts). */
  sweep_alerts: scheduled,
  /** E-mails the owners and admins and posts to chat that an incident opened or resolved, once; keyed per incident and phase. */
  send_alert_notice: z.object({ incidentId: z.uuid(), phase: z.enum(["opened", "resolved"]) }),
  /** Acts on one stored provider callback. */
  process_webhook_event: z.object({ id: z.uuid() }),
  /** Cancels the payment of an order paid on our page once its hold ends, then releases its places (lib/checkout/on-page); keyed per order, due at the hold's end. */
  close_payment_form: z.object({ orderId: z.uuid() }),
  /** Releases the places of checkouts nobody finished (cron). */
  release_expired_holds: scheduled,
  /** Deletes the call log, delivery attempts, received callbacks, facts and Idempotency-Keys past their retention, in batches (cron, lib/retention). */
  prune_expired_rows: scheduled,
} as const;

export type TaskName = keyof typeof taskPayloads;
/** What a handler receives, defaults applied. */
export type TaskPayload<T extends TaskName> = z.output<(typeof taskPayloads)[T]>;
/** What an enqueuer passes; fields with a default may be left out. */
export type TaskPayloadInput<T extends TaskName> = z.input<(typeof taskPayloads)[T]>;
