// The database's shape, declared once for Kysely; every query is checked against it.
// Change it together with the migration that changes the table.
import type { ColumnType, Generated, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export type Role = "owner" | "admin" | "member";
export type EventStatus = "draft" | "published" | "cancelled";
export type OrderStatus = "pending" | "paid" | "refunded" | "cancelled";
export type DeliveryStatus = "pending" | "succeeded" | "skipped" | "retrying" | "dead";

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string | null;
  password_hash: string | null;
  created_at: CreatedAt;
  /** Null until the person opens the link mailed to them; password sign-in waits for it. */
  email_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Sessions begun before it are refused (a password reset ends the person's other sessions). */
  password_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type AccountTokenPurpose = "verify_email" | "reset_password" | "set_password";

export interface AccountTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: AccountTokenPurpose;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface OAuthIdentitiesTable {
  id: Generated<string>;
  user_id: string;
  provider: string;
  tenant: Generated<string>;
  subject: string;
  email: string | null;
  created_at: CreatedAt;
  last_sign_in_at: Generated<Timestamp>;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface EventsTable {
  id: Generated<string>;
  org_id: string;
  slug: string;
  title: string;
  description: Generated<string>;
  venue: Generated<string>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: string;
  capacity: number;
  status: Generated<EventStatus>;
  version: Generated<number>;
  published_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Minutes before the start at which attendees are reminded. */
  reminder_offsets: Generated<number[]>;
  /** The start the event had when it was first published: a move by more than an hour from it is urgent news. */
  published_starts_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** BCP 47, such as en-US or de-CH. */
  language: Generated<string>;
  /** An online event gets a meeting from each connected meeting provider. */
  online: Generated<boolean>;
  /** A hackathon: connectors that serve hackathons (GitHub's repository per event) act on it. */
  hackathon: Generated<boolean>;
  /** The cover image (a file of purpose "cover"), shown on the public page, in Slack and in calendar entries. */
  cover_file_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The join link of its meeting, kept by lib/meetings; null until one exists or while it is missing. */
  meeting_url: Generated<string | null>;
}

/** One reminder that went out: the (attendee, offset) key is what sends it once. */
export interface EventRemindersTable {
  attendee_id: string;
  offset_minutes: number;
  org_id: string;
  event_id: string;
  starts_at: Timestamp;
  domain_event_id: string;
  sent_at: CreatedAt;
}

export interface TicketTypesTable {
  id: Generated<string>;
  org_id: string;
  event_id: string;
  name: string;
  price_minor: number;
  currency: string;
  quantity: number;
  created_at: CreatedAt;
}

export type CheckoutForm = "hosted" | "on_page";

export interface OrdersTable {
  id: Generated<string>;
  org_id: string;
  event_id: string;
  buyer_name: string;
  buyer_email: string;
  status: Generated<OrderStatus>;
  total_minor: number;
  currency: string;
  payment_provider: string | null;
  checkout_id: string | null;
  payment_intent_id: string | null;
  charge_id: string | null;
  client_reference: string | null;
  hold_expires_at: Timestamp | null;
  paid_at: Timestamp | null;
  refunded_minor: Generated<number>;
  disputed_at: Timestamp | null;
  payment_connection_id: string | null;
  payment_mismatch: string | null;
  payment_mismatch_at: Timestamp | null;
  /** Answers given at checkout (AnswerSnapshot plus the ticket type each was asked for), copied to the attendees when the order settles. */
  pending_answers: ColumnType<PendingAnswer[], string | undefined, string>;
  /** The visitor's analytics client id, sent by the checkout only with their consent to the page's tag. */
  analytics_client_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The buyer as the payment provider's customer (lib/customers); null when none was made. */
  payment_customer_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Paid on the provider's hosted checkout, or on our page through its on-page form. */
  checkout_form: Generated<CheckoutForm>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One registration answer as stored on an attendee (lib/domain/questions): the question's wording when it was answered. */
export interface StoredAnswer {
  questionId: string;
  question: string;
  kind: string;
  value: string | boolean;
  /** A "file" answer: the value is the file's id; this is the name it was uploaded with. */
  filename?: string;
}

export interface PendingAnswer extends StoredAnswer {
  /** The ticket type the question was asked for; null when asked for every type. */
  ticketTypeId: string | null;
}

export interface EventQuestionsTable {
  id: Generated<string>;
  org_id: string;
  event_id: string;
  position: number;
  label: string;
  help: Generated<string>;
  kind: string;
  required: Generated<boolean>;
  choices: ColumnType<string[], string[] | undefined, string[]>;
  ticket_type_id: string | null;
  /** For kind "file": the MIME types it takes (checked against the bytes) and the largest file, in bytes. */
  file_accept: ColumnType<string[], string[] | undefined, string[]>;
  file_max_bytes: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type FilePurpose = "cover" | "material" | "answer";
export type FileStatus = "uploading" | "stored" | "deleting";

/** One file Switchboard holds (lib/files); its bytes are on the local disk or with a storage connection. */
export interface FilesTable {
  id: Generated<string>;
  org_id: string;
  event_id: string | null;
  purpose: FilePurpose;
  filename: string;
  content_type: string;
  size_bytes: ColumnType<number, number | bigint, number | bigint>;
  /** Generated: org/<org id>/<purpose>/<file id>; never a typed name. */
  object_key: string;
  /** Null: the local disk. */
  connection_id: string | null;
  status: Generated<FileStatus>;
  /** The storage connection the bytes wait on the local disk for. */
  move_to_connection_id: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AttendeesTable {
  id: Generated<string>;
  org_id: string;
  event_id: string;
  order_id: string;
  ticket_type_id: string;
  name: string;
  email: string;
  phone: string | null;
  /** The number the attendee agreed to be texted at (E.164), and when they agreed; null without consent. */
  sms_phone: ColumnType<string | null, string | null | undefined, string | null>;
  sms_consent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  status: Generated<OrderStatus>;
  checked_in_at: Timestamp | null;
  /** The attendee's answers to the event's registration questions, in the event's order. */
  answers: ColumnType<StoredAnswer[], string | undefined, string>;
  /** The code on the ticket and in its QR code (16 hex characters, generated by the database). */
  ticket_code: Generated<string>;
  /** Set when the ticket was transferred: the attendee that holds it now (this one is cancelled). */
  transferred_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** What this ticket cost (a member price is lower); null on older rows: the ticket type's price. */
  price_paid_minor: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
}

export interface DomainEventsTable {
  id: Generated<string>;
  org_id: string;
  type: string;
  version: number;
  aggregate_type: string;
  aggregate_id: string;
  payload: Json<unknown>;
  occurred_at: CreatedAt;
  dispatched_at: Timestamp | null;
  /** W3C traceparent of the request that recorded it (tracing on), for the jobs that carry it on. */
  traceparent: string | null;
}

export interface SubscriberDeliveriesTable {
  id: Generated<string>;
  org_id: string;
  domain_event_id: string;
  subscriber: string;
  queue_name: string | null;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ActivityLogTable {
  id: Generated<string>;
  org_id: string;
  /** Null for notices that come from no domain event (lib/notify). */
  domain_event_id: string | null;
  type: string;
  summary: string;
  received_at: CreatedAt;
}

export type ConnectionStatus = "connected" | "needs_attention" | "disabled" | "disconnected";
export type ConnectionMode = "live" | "sandbox";
export type CallOutcome = "success" | "failure" | "rejected";
export type BreakerState = "closed" | "open" | "half_open" | "isolated";
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ConnectionsTable {
  id: Generated<string>;
  org_id: string;
  connector_id: string;
  mode: Generated<ConnectionMode>;
  status: Generated<ConnectionStatus>;
  credentials_sealed: string | null;
  credentials_hint: string | null;
  /** Masked hint of each secret credential field, by field name. */
  credential_hints: ColumnType<Record<string, string>, string | undefined, string>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  external_account_id: string | null;
  external_account_name: string | null;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  token_expires_at: Timestamp | null;
  /** When the OAuth grant itself lapses (a refresh token that expires); null when it does not. */
  refresh_token_expires_at: Timestamp | null;
  /** The refresh_token_expires_at the admins were last warned about. */
  grant_lapse_noticed_for: Timestamp | null;
  /** When the connector's periodic work last ran for this connection, and what it said. */
  periodic_ran_at: Timestamp | null;
  periodic_outcome: string | null;
  status_reason: string | null;
  last_success_at: Timestamp | null;
  last_error_at: Timestamp | null;
  last_error: string | null;
  connected_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OAuthStatesTable {
  state_hash: string;
  org_id: string;
  user_id: string;
  connector_id: string;
  mode: ConnectionMode;
  code_verifier_sealed: string | null;
  redirect_uri: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  outcome: string | null;
  outcome_message: string | null;
}

export interface IntegrationCallsTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  connector_id: string;
  operation: string;
  outcome: CallOutcome;
  http_status: number | null;
  latency_ms: number;
  attempt: number;
  error: string | null;
  created_at: CreatedAt;
}

export interface CircuitBreakersTable {
  connection_id: string;
  org_id: string;
  state: BreakerState;
  snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  opened_at: Timestamp | null;
  updated_at: UpdatedAt;
  /** When the breaker last left the closed state; null while closed. */
  tripped_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RateLimitBucketsTable {
  bucket_key: string;
  tokens: number;
  capacity: number;
  refill_per_second: number;
  updated_at: UpdatedAt;
}

export interface ExternalObjectsTable {
  connection_id: string;
  org_id: string;
  kind: string;
  local_id: string;
  external_id: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SmsMessagesTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  attendee_id: string | null;
  direction: "outbound" | "inbound";
  channel: Generated<"sms" | "whatsapp">;
  domain_event_id: string | null;
  to_number: string;
  from_number: string | null;
  body: string;
  sid: string | null;
  status: string;
  status_rank: Generated<number>;
  error_code: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** An online event's meeting at one connection (lib/meetings). */
export interface EventMeetingsTable {
  org_id: string;
  event_id: string;
  connection_id: string;
  provider_meeting_id: string;
  join_url: string;
  status: Generated<"active" | "missing">;
  missing_reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A push channel a calendar calls back on (lib/calendar-channels). */
export interface CalendarChannelsTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  channel_id: string;
  resource_id: string | null;
  secret_hash: string;
  expires_at: Date;
  status: Generated<"active" | "stopped">;
  cursor: string | null;
  last_synced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type CalendarChangeOutcome = "applied" | "reverted" | "refused" | "awaiting_confirmation" | "confirmed" | "dismissed";

export interface CalendarChangesTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  event_id: string | null;
  entry_id: string;
  fields: ColumnType<Record<string, { before: unknown; after: unknown }>, string | undefined, string>;
  policy: "switchboard" | "calendar";
  outcome: CalendarChangeOutcome;
  reason: string | null;
  resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
}

export interface OrderNotesTable {
  id: Generated<string>;
  org_id: string;
  order_id: string;
  connection_id: string;
  key: string;
  severity: "error" | "warning";
  message: string;
  resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface BackfillsTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  status: "running" | "done" | "failed";
  total: number;
  done: Generated<number>;
  failed: Generated<number>;
  cursor_paid_at: Timestamp | null;
  cursor_order_id: string | null;
  last_error: string | null;
  started_at: CreatedAt;
  finished_at: Timestamp | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SmsOptOutsTable {
  org_id: string;
  phone: string;
  opted_out_at: CreatedAt;
  keyword: string;
}

export interface VoiceCallsTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  attendee_id: string | null;
  ref: string;
  to_number: string;
  from_number: string;
  message: string;
  twiml: string;
  sid: string | null;
  status: string;
  status_rank: Generated<number>;
  duration_seconds: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EmailSuppressionsTable {
  org_id: string;
  email: string;
  connection_id: string | null;
  reason: string;
  event_type: string;
  occurred_at: Date;
  created_at: CreatedAt;
}

export interface EmailEventsTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  provider_event_id: string;
  event_type: string;
  email: string;
  occurred_at: Date;
  created_at: CreatedAt;
}

export interface RefundRequestsTable {
  id: Generated<string>;
  org_id: string;
  order_id: string;
  scope: string;
  attendee_ids: ColumnType<string[], string[] | undefined, string[]>;
  amount_minor: number;
  target_minor: number | null;
  status: Generated<"claimed" | "requested" | "failed">;
  key_version: Generated<number>;
  attempts: Generated<number>;
  error: string | null;
  refused: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MessageTemplatesTable {
  org_id: string;
  connector_id: string;
  template_key: string;
  subject: string;
  body: string;
  updated_at: UpdatedAt;
}

export type SocialPostKind = "published" | "cancelled" | "moved";
export type SocialPostStatus = "posting" | "posted" | "duplicate" | "failed" | "refused";

export interface SocialPostsTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  event_id: string;
  kind: SocialPostKind;
  /** For a move: the id of the post whose schedule it corrects; empty otherwise. */
  subject: Generated<string>;
  status: Generated<SocialPostStatus>;
  text: string;
  /** The event's details the text tells, as JSON: a retry re-sends the text only while they still hold. */
  details: Generated<string>;
  starts_at: Date;
  ends_at: Date;
  external_id: string | null;
  url: string | null;
  error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type WebhookEventStatus = "received" | "processed" | "ignored" | "failed";

export interface WebhookEventsTable {
  id: Generated<string>;
  provider: string;
  external_id: string;
  org_id: string | null;
  connection_id: string | null;
  type: string;
  payload: ColumnType<unknown, string, string>;
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  received_at: CreatedAt;
  status: Generated<WebhookEventStatus>;
  outcome: string | null;
  error: string | null;
  attempts: Generated<number>;
  processed_at: Timestamp | null;
  /** Set while a failed callback's processing is due to run again; null on a failed row means the failure is final. */
  retry_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ApiKeysTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ApiIdempotencyKeysTable {
  api_key_id: string;
  idempotency_key: string;
  org_id: string;
  request_hash: string;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  locked_at: CreatedAt;
  lock_id: string | null;
}

export type WebhookEndpointSource = "admin" | "zapier";

export interface WebhookEndpointsTable {
  id: Generated<string>;
  org_id: string;
  url: string;
  description: Generated<string>;
  event_types: ColumnType<string[], string[], string[]>;
  source: Generated<WebhookEndpointSource>;
  api_key_id: string | null;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  rate_limit_per_second: number | null;
  failing_since: Timestamp | null;
  /** When the failing-deliveries rule disabled it (not an admin, not a 410 Gone); null once enabled again. */
  disabled_for_failures_at: Timestamp | null;
  /** Pinned payload version per event type; a type without an entry gets its latest version. */
  payload_versions: ColumnType<Record<string, number>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type WebhookMessageStatus = "pending" | "retrying" | "succeeded" | "failed";

export interface WebhookMessagesTable {
  id: Generated<string>;
  org_id: string;
  endpoint_id: string;
  domain_event_id: string | null;
  msg_id: string;
  event_type: string;
  body: string;
  status: Generated<WebhookMessageStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_response_status: number | null;
  created_at: CreatedAt;
  delivered_at: Timestamp | null;
}

export type WebhookAttemptTrigger = "scheduled" | "resend" | "replay" | "test";

export interface WebhookAttemptsTable {
  id: Generated<string>;
  org_id: string;
  message_id: string;
  endpoint_id: string;
  attempted_at: CreatedAt;
  trigger: WebhookAttemptTrigger;
  request_headers: ColumnType<Record<string, string>, string, string>;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
}

export type BroadcastRecipientStatus = "pending" | "sending" | "sent" | "skipped" | "failed";

export interface BroadcastsTable {
  id: Generated<string>;
  org_id: string;
  event_id: string;
  connection_id: string;
  channel: string;
  audience: "all" | "paid" | "checked_in" | "not_checked_in";
  subject: Generated<string>;
  text: string;
  created_by: string | null;
  status: Generated<"sending" | "done">;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}

export interface BroadcastRecipientsTable {
  id: Generated<string>;
  org_id: string;
  broadcast_id: string;
  attendee_id: string | null;
  name: string;
  address: string;
  status: Generated<BroadcastRecipientStatus>;
  reason: string | null;
  provider_ref: string | null;
  delivery: string | null;
  delivery_rank: Generated<number>;
  delivery_detail: string | null;
  claimed_at: Timestamp | null;
  attempts: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** An order invoiced to a company (lib/invoices): the provider's invoice and where it stands. */
export type OrderInvoiceStatus = "issuing" | "open" | "overdue" | "paid" | "void" | "uncollectible" | "failed";

export interface OrderInvoicesTable {
  order_id: string;
  org_id: string;
  connection_id: string | null;
  company_name: string;
  billing_email: string;
  reference: string | null;
  days_until_due: number;
  status: Generated<OrderInvoiceStatus>;
  invoice_id: string | null;
  hosted_url: string | null;
  due_at: Timestamp | null;
  last_error: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A payment, failed attempt, refund or dispute a provider reported (lib/payments/outcomes). */
export type PaymentOutcomeKind = "payment" | "failure" | "refund" | "dispute";

export interface PaymentOutcomesTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  provider: string;
  kind: PaymentOutcomeKind;
  external_id: string;
  amount_minor: ColumnType<string, number | undefined, number>;
  currency: string;
  reason: string | null;
  order_id: string | null;
  occurred_at: Timestamp;
  created_at: CreatedAt;
}

/** A buyer as a payment provider's customer: one per connection and normalized e-mail. */
export interface PaymentCustomersTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  email: string;
  provider_customer_id: string;
  created_at: CreatedAt;
}

export type PlanInterval = "month" | "year";

/** A membership plan an organization sells (not `memberships`, which are people's roles in an organization). */
export interface MembershipPlansTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  interval: PlanInterval;
  price_minor: number;
  currency: string;
  discount_percent: number;
  /** Ticket type names the discount applies to; empty: all. */
  ticket_type_names: ColumnType<string[], string[] | undefined, string[]>;
  connection_id: string | null;
  provider_product_id: string | null;
  provider_price_id: string | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type PlanMembershipStatus = "pending" | "incomplete" | "active" | "past_due" | "cancelled";

/** One person's membership of a plan: a subscription at the payment provider. */
export interface PlanMembershipsTable {
  id: Generated<string>;
  org_id: string;
  plan_id: string;
  name: string;
  email: string;
  payment_customer_id: string | null;
  connection_id: string | null;
  checkout_id: string | null;
  provider_subscription_id: string | null;
  provider_price_id: string | null;
  /** The e-mail's provider customer existed before: the member page link goes by e-mail only. */
  customer_known: Generated<boolean>;
  status: Generated<PlanMembershipStatus>;
  current_period_end: Timestamp | null;
  cancel_at_period_end: Generated<boolean>;
  started_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A membership invoice already acted on (renewal told, dunning mail sent): once each. */
export interface PlanMembershipInvoicesTable {
  membership_id: string;
  provider_invoice_id: string;
  outcome: "paid" | "failed";
  org_id: string;
  created_at: CreatedAt;
}

export interface MemberSignInLinksTable {
  token_hash: string;
  org_id: string;
  email: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

/** An invitation to join an organization (lib/members); only the token's hash is kept. */
export interface MemberInvitationsTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  renewal_requested_at: Timestamp | null;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  account_tokens: AccountTokensTable;
  oauth_identities: OAuthIdentitiesTable;
  memberships: MembershipsTable;
  events: EventsTable;
  ticket_types: TicketTypesTable;
  orders: OrdersTable;
  attendees: AttendeesTable;
  event_questions: EventQuestionsTable;
  files: FilesTable;
  refund_requests: RefundRequestsTable;
  event_reminders: EventRemindersTable;
  domain_events: DomainEventsTable;
  subscriber_deliveries: SubscriberDeliveriesTable;
  activity_log: ActivityLogTable;
  connections: ConnectionsTable;
  oauth_states: OAuthStatesTable;
  integration_calls: IntegrationCallsTable;
  circuit_breakers: CircuitBreakersTable;
  rate_limit_buckets: RateLimitBucketsTable;
  external_objects: ExternalObjectsTable;
  sms_messages: SmsMessagesTable;
  sms_opt_outs: SmsOptOutsTable;
  voice_calls: VoiceCallsTable;
  event_meetings: EventMeetingsTable;
  calendar_channels: CalendarChannelsTable;
  calendar_changes: CalendarChangesTable;
  order_notes: OrderNotesTable;
  backfills: BackfillsTable;
  email_suppressions: EmailSuppressionsTable;
  email_events: EmailEventsTable;
  broadcasts: BroadcastsTable;
  broadcast_recipients: BroadcastRecipientsTable;
  message_templates: MessageTemplatesTable;
  social_posts: SocialPostsTable;
  webhook_events: WebhookEventsTable;
  api_keys: ApiKeysTable;
  api_idempotency_keys: ApiIdempotencyKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_messages: WebhookMessagesTable;
  webhook_attempts: WebhookAttemptsTable;
  alert_incidents: AlertIncidentsTable;
  order_invoices: OrderInvoicesTable;
  payment_outcomes: PaymentOutcomesTable;
  payment_customers: PaymentCustomersTable;
  membership_plans: MembershipPlansTable;
  plan_memberships: PlanMembershipsTable;
  plan_membership_invoices: PlanMembershipInvoicesTable;
  member_sign_in_links: MemberSignInLinksTable;
  member_invitations: MemberInvitationsTable;
}

/** The kinds of alert incident (lib/alerts); each is also the activity log type of its notice. */
export type AlertKind =
  | "connection.needs_attention"
  | "connection.breaker_open"
  | "connection.grant_lapsing"
  | "webhook.endpoint_disabled"
  | "deliveries.backlog";

/** What was sent when an incident opened or resolved. */
export interface AlertNoticeRecord {
  at: string;
  emailedTo: string[];
  /** NoticeOutcome.channel: "platform_mailer", the connector that e-mailed it, or "activity_log". */
  emailChannel: string;
  emailError?: string;
  /** Absent until the chat step ran; empty when no chat connection could post. */
  chat?: Array<{ connector: string; posted: boolean; error?: string }>;
}

export interface AlertIncidentsTable {
  id: Generated<string>;
  org_id: string;
  kind: AlertKind;
  subject_id: string | null;
  fingerprint: string | null;
  title: string;
  detail: string;
  opened_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  resolved_at: Timestamp | null;
  opened_notice: ColumnType<AlertNoticeRecord | null, string | null | undefined, string | null>;
  resolved_notice: ColumnType<AlertNoticeRecord | null, string | null | undefined, string | null>;
}

export type ConnectionRow = Selectable<ConnectionsTable>;

export type EventRow = Selectable<EventsTable>;
export type TicketTypeRow = Selectable<TicketTypesTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderInvoiceRow = Selectable<OrderInvoicesTable>;
export type AttendeeRow = Selectable<AttendeesTable>;
export type PaymentCustomerRow = Selectable<PaymentCustomersTable>;
export type MembershipPlanRow = Selectable<MembershipPlansTable>;
export type PlanMembershipRow = Selectable<PlanMembershipsTable>;
export type EventQuestionRow = Selectable<EventQuestionsTable>;
export type FileRow = Selectable<FilesTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookMessageRow = Selectable<WebhookMessagesTable>;

/** One running graphile-worker pool's liveness (lib/jobs/liveness.ts); queried with raw SQL. */
export interface WorkerHeartbeatsTable {
  worker_id: string;
  hostname: string;
  pid: number;
  started_at: ColumnType<Date, Date | undefined, Date>;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
}

/** Counters of the named rate limits (lib/rate-limit), written by rate-limiter-flexible with raw SQL. */
export interface RateLimitsTable {
  key: string;
  points: number;
  /** End of the current window, epoch milliseconds. */
  expire: string | null;
}
