// The one contract every provider satisfies: a manifest (data: what the catalog
// and the forms show) and a connector (behaviour: the manifest plus what the
// provider does). The registry lists them; the settings UI, the dispatcher and
// the webhook routes are driven from it, so a new provider is one folder under
// lib/integrations plus one line in registry.ts.
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { ConnectionMode } from "@/lib/db/schema";
import type { DomainEvent, DomainEventType } from "@/lib/domain/outbox/catalog";
import type { InboundCapability } from "./contract/inbound";
import type { PaymentGateway } from "./contract/payments";
import type { BroadcastChannel } from "./contract/broadcast";
import type { CalendarSyncCapability, FreeBusyCapability } from "./contract/calendar";
import type { AnswerChecker, QuestionKindManifest } from "./contract/questions";
import type { BackfillCapability } from "./contract/backfill";
import type { FileAccess, StorageCapability } from "./contract/storage";
import type { SocialPostsCapability } from "./contract/social-posts";

export type ConnectorCategory =
  | "payments"
  | "calendar"
  | "meetings"
  | "messaging"
  | "email"
  | "sms"
  | "developer"
  | "automation"
  | "accounting"
  | "storage"
  | "analytics"
  | "social";

export type AuthKind = "oauth2" | "api_key" | "none";
export type { ConnectionMode };

/**
 * What a failed provider call was, decided once by the connector (each SDK throws
 * its own shape) so the one call policy can act on it: retry transient and
 * rate-limited failures, never retry the rest, and mark the connection for
 * attention on auth failures.
 */
export type FailureKind = "transient" | "rate_limited" | "auth" | "invalid" | "not_found" | "unknown";

export interface ProviderFailure {
  kind: FailureKind;
  message: string;
  status?: number;
  /** From a Retry-After header (or the provider's equivalent), in milliseconds. */
  retryAfterMs?: number;
  /** The credential field a refusal is about, when the provider says (a measurement id rather than the secret); the form shows it there. */
  field?: string;
}

/** Thrown by the policy when a call finally fails; carries the classification. */
export class ProviderCallError extends Error {
  readonly failure: ProviderFailure;
  readonly operation: string;
  constructor(operation: string, failure: ProviderFailure, options?: { cause?: unknown }) {
    super(`${operation}: ${failure.message}`, options);
    this.name = "ProviderCallError";
    this.operation = operation;
    this.failure = failure;
  }

  /** Retrying cannot fix refused credentials or a request the provider rejects. */
  get permanent(): boolean {
    return this.failure.kind === "auth" || this.failure.kind === "invalid" || this.failure.kind === "not_found";
  }
}

/**
 * Thrown by an OAuth flow's exchange when the provider answered but what it answered
 * must not be linked (an installation the admin cannot administer): the message is
 * for the admin, shown as it is.
 */
export class AuthorizationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthorizationRefused";
  }
}

/** Runs one provider operation through the policy: rate limit, breaker, timeout, retries, call log. */
export type CallFn = <T>(operation: string, fn: (signal: AbortSignal) => Promise<T>) => Promise<T>;

export interface ConnectionInfo {
  id: string;
  orgId: string;
  connectorId: string;
  mode: ConnectionMode;
  externalAccountId: string | null;
  scopes: string[];
  /** False while an admin has turned the connection off: it acts on nothing, and tells a person who asks it something why. */
  enabled: boolean;
}

export interface ConnectorContext<Creds = unknown, Settings = unknown> {
  connection: ConnectionInfo;
  credentials: Creds;
  settings: Settings;
  call: CallFn;
  db: Db;
  /** The provider's API base for this connection's mode: the real host, or the local sandbox. */
  baseUrl: string;
  /**
   * Counts one use of a per-connection limit and throws RateLimitedError when it
   * is used up. A callback whose verification asks the provider calls
   * limit("inbound_verify") first, so a flood of callbacks cannot turn into a
   * flood of requests to the provider: the sender gets 429 with Retry-After.
   */
  limit(name: ConnectionLimit): Promise<void>;
  /** The organization's stored files, wherever they are kept (lib/integrations/storage). */
  files: FileAccess;
}

/** The rate limits that are counted per connection (lib/rate-limit/limits.ts). */
export type ConnectionLimit = "inbound_verify";

/** OAuth 2.0 tokens as stored (sealed) in the connection's credentials. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  /** ISO time the access token expires; absent when it does not. */
  expiresAt?: string;
  scopes: string[];
  tokenType?: string;
  /** ISO time the refresh token itself expires, for providers whose refresh tokens lapse (Intuit: 100 days, rolling). */
  refreshTokenExpiresAt?: string;
}

export interface OAuthAccount {
  id: string;
  name: string;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface OAuthExchangeInput {
  /** The authorization code; empty for an install page, which sends none (see OAuthManifest.answer). */
  code: string;
  /** The callback's whole query as it arrived: an install page's answer (installation_id, setup_action), or what comes with the code (Intuit names the company: realmId). */
  query: Record<string, string>;
  redirectUri: string;
  codeVerifier?: string;
  client: OAuthClient;
  baseUrl: string;
  call: CallFn;
}

export interface OAuthRefreshInput {
  refreshToken: string;
  client: OAuthClient;
  baseUrl: string;
  call: CallFn;
}

/** The data half of OAuth: what the manifest says about the grant we ask for. */
export interface OAuthManifest {
  /** Scopes we ask for; the callback refuses a grant that lacks any of them. */
  scopes: string[];
  /** Send a PKCE S256 challenge (where the provider supports it). */
  pkce: boolean;
  scopeSeparator: " " | ",";
  /** Extra query parameters on the authorize URL (Google: access_type=offline). */
  authorizeParams?: Record<string, string>;
  /**
   * What the provider's page is and sends back: "code", an OAuth consent page answering
   * with an authorization code (the default); or "install", an app's installation page
   * that takes only `state` and answers with its own query and no code (a GitHub App's
   * installation_id and setup_action), which the flow's exchange reads.
   */
  answer?: "code" | "install";
  /** The connect button's words where "Connect with <name>" would mislead ("Install on GitHub"). */
  connectLabel?: string;
}

/** The behaviour half of OAuth, in the connector. */
export interface OAuthFlow {
  /** The provider's consent page for this mode's base URL (real host or sandbox). */
  authorizeUrl(baseUrl: string): string;
  /** The OAuth app's client credentials in live mode, from the environment; null when not configured. */
  liveClient(env: Record<string, string | undefined>): OAuthClient | null;
  /**
   * For a connector whose credentials are keys (auth "api_key") but which also
   * offers OAuth (Stripe Connect): `credentials` is what the grant stands for, and
   * it is stored and checked exactly like typed keys.
   */
  exchange(input: OAuthExchangeInput): Promise<{ tokens: OAuthTokens; account: OAuthAccount; credentials?: unknown }>;
  /** Absent for providers whose tokens do not expire (Slack bot tokens). */
  refresh?(input: OAuthRefreshInput): Promise<OAuthTokens>;
  /** `tokens` are the stored credentials (OAuth tokens, or a key connector's credentials); `accountId` the linked account. */
  revoke?(input: { tokens: OAuthTokens; client: OAuthClient; baseUrl: string; call: CallFn; accountId: string | null }): Promise<void>;
}

export type OAuthConfig = OAuthManifest & OAuthFlow;

/** One choice of a select field whose choices come from the provider (a Slack channel, a calendar). */
export interface FieldChoice {
  value: string;
  label: string;
}

export type EventHandler<Creds, Settings, T extends DomainEventType = DomainEventType> = (
  event: DomainEvent<T>,
  ctx: ConnectorContext<Creds, Settings>,
) => Promise<void>;

export type EventHandlers<Creds, Settings> = { [T in DomainEventType]?: EventHandler<Creds, Settings, T> };

/** One message to people, by whatever channel the provider speaks. */
export interface OutgoingMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

/** Sending messages to people (e-mail, SMS, chat) through the connection. */
export interface Messaging<Creds, Settings> {
  channel: "email" | "sms" | "chat";
  /** False when the connection lacks what sending needs (a sender address); nothing is tried then. */
  canSend?(ctx: ConnectorContext<Creds, Settings>): boolean;
  /** Sends one message through the call policy; throws when the provider refuses it. */
  send(ctx: ConnectorContext<Creds, Settings>, message: OutgoingMessage): Promise<void>;
}

/**
 * What the catalog and the forms need, as data: reading it loads no provider SDK.
 * The schemas' .meta() (label, help, placeholder, input) describes the form
 * fields; a field without a label is stored but not typed by the admin.
 */
export interface Manifest<Creds = unknown, Settings = unknown> {
  id: string;
  name: string;
  category: ConnectorCategory;
  description: string;
  auth: AuthKind;
  /** API base URL in live mode, and the path under the sandbox that emulates it. */
  baseUrls: { live: string; sandboxPath: string };
  /** api_key: the fields the admin types; oauth2: the stored token set. */
  credentialsSchema: z.ZodType<Creds>;
  settingsSchema: z.ZodType<Settings>;
  /** Present when the provider connects by OAuth (auth "oauth2", or keys granted by OAuth). */
  oauth?: OAuthManifest;
  /** A provider-wide token bucket shared by every worker, per provider account. */
  rateLimit?: { capacity: number; refillPerSecond: number };
  /** Registration question kinds this provider brings (a GitHub username), offered on every event form. */
  questionKinds?: QuestionKindManifest[];
  /**
   * Where a browser reaches this provider directly in live mode (a presigned upload
   * to a bucket, an image from a CDN), as Content-Security-Policy host sources
   * ("https://*.r2.cloudflarestorage.com"): the pages' CSP admits exactly these.
   */
  browserOrigins?: readonly string[];
  /**
   * Where a page tag this provider brings (see ConnectorBehaviour.pageTag) loads
   * its script from and sends its hits to in live mode: the public event pages'
   * CSP admits these, and no other page's does.
   */
  pageTagOrigins?: readonly string[];
  /**
   * What the provider's on-page payment form (its payments' `embedded`) loads in
   * live mode, per CSP directive: only the page that shows the form admits them.
   */
  paymentFormOrigins?: PaymentFormOrigins;
}

export interface PaymentFormOrigins {
  script: readonly string[];
  frame: readonly string[];
  connect: readonly string[];
}

/**
 * A script the public event page loads only after the visitor consents (an
 * analytics tag). Its commands are queued, as the tag expects, before it loads.
 */
export interface PageTag {
  /** Who the banner says the tag is from ("Google Analytics"). */
  vendor: string;
  src: string;
  /** The global array the tag reads its queued commands from ("dataLayer"). */
  queue: string;
  /** Each queued as one arguments list, in order (["config", "G-XXXX"]); the argument "@now" stands for the moment the tag loads, as a Date. */
  commands: ReadonlyArray<readonly unknown[]>;
  /** The first-party cookie the tag keeps its visitor id in, which the checkout passes on with consent; the value posted is the tag's own format. */
  visitorCookie?: string;
}

/** A template as an admin edits it: a subject and an HTML body with {{placeholders}}. */
export interface MessageTemplate {
  subject: string;
  body: string;
}

/** What an admin may edit of the messages a connector sends. */
export interface TemplatesCapability {
  /** Each editable message, in the order the settings page shows them; `placeholders` when it fills others than the capability's. */
  messages: ReadonlyArray<{ key: string; label: string; heading: string; placeholders?: readonly string[] }>;
  /** The {{placeholders}} a template may use (unless its message lists its own). */
  placeholders: readonly string[];
  /** What the preview fills the placeholders with. */
  sampleVars: Record<string, string>;
  /** The organization's template, or the default when it has not edited it. */
  load(db: Db, orgId: string, key: string): Promise<MessageTemplate>;
  save(db: Db, orgId: string, key: string, template: MessageTemplate): Promise<void>;
}

/** Figures about what the connection did, shown on its settings page (e-mails delivered, opened). */
export interface ActivityCapability {
  title: string;
  /** Each figure in the order the page shows it; read from our own records, never from the provider. */
  load(db: Db, connection: { id: string; orgId: string }): Promise<Array<{ label: string; value: number }>>;
}

/** A connector's box on the admin event page (a repository and its pushes). */
export interface EventPanel {
  title: string;
  link?: { href: string; label: string };
  rows: Array<{ label: string; value: string }>;
}

/**
 * What a connector shows beside an event on the admin pages, read from our own
 * records, never from the provider (a page view costs no provider call).
 */
export interface EventViewsCapability {
  /** Its panel on the event page; null when it has nothing for this event. */
  panel?(db: Db, connection: { id: string; orgId: string }, eventId: string): Promise<EventPanel | null>;
  /** A short line per attendee on the attendee list ("GitHub: invited as octocat"), by attendee id. */
  attendeeStatus?(db: Db, connection: { id: string; orgId: string }, attendeeIds: string[]): Promise<Map<string, string>>;
}

/** What a connector adds to its manifest. */
export interface ConnectorBehaviour<Creds = unknown, Settings = unknown> {
  oauth?: OAuthFlow;
  classifyError(err: unknown): ProviderFailure;
  /** Proves the credentials work; what it returns is shown to the admin. */
  testConnection(ctx: ConnectorContext<Creds, Settings>): Promise<{ account: OAuthAccount; detail: string }>;
  /**
   * Runs once the credentials are proven, before they are stored (Stripe creates
   * the webhook endpoint that will call us back); what it returns is stored with them.
   */
  afterConnect?(ctx: ConnectorContext<Creds, Settings>, env: { webhookUrl: string }): Promise<Partial<Creds> | void>;
  /** Sends a visible test (a Slack message, an e-mail) where the provider has one. */
  sendTest?(ctx: ConnectorContext<Creds, Settings>, to: { email: string; name: string | null }): Promise<string>;
  /** The choices of settings fields that come from the provider (the Slack channels the bot can see). */
  fieldOptions?: Partial<Record<Settings extends object ? keyof Settings & string : string, (ctx: ConnectorContext<Creds, Settings>) => Promise<FieldChoice[]>>>;
  templates?: TemplatesCapability;
  handlers: EventHandlers<Creds, Settings>;
  /** For providers that call us back: how their callbacks are verified, which headers are kept, what they mean. */
  inbound?: InboundCapability<ConnectorContext<Creds, Settings>>;
  /** For payment providers: the gateway the checkout, the buyer's return and refunds go through. */
  payments?: PaymentGateway<ConnectorContext<Creds, Settings>>;
  messaging?: Messaging<Creds, Settings>;
  /** The channels an organizer can message an event's attendees through in bulk (lib/broadcasting). */
  broadcast?: ReadonlyArray<BroadcastChannel<ConnectorContext<Creds, Settings>>>;
  activity?: ActivityCapability;
  eventViews?: EventViewsCapability;
  /** For calendars: two-way sync of the entries the connector keeps for events (lib/calendar-sync). */
  calendarSync?: CalendarSyncCapability<ConnectorContext<Creds, Settings>>;
  /** For calendars: busy times, so the event form can warn of a conflict (lib/free-busy). */
  freeBusy?: FreeBusyCapability<ConnectorContext<Creds, Settings>>;
  /** Checks answers of the manifest's question kinds through the connection, keyed by kind id. */
  answerChecks?: Record<string, AnswerChecker<ConnectorContext<Creds, Settings>>>;
  /**
   * Work an enabled connection needs now and then, not tied to one fact: archive
   * what has aged, reconcile with the provider's change feed, warn of a lapsing
   * grant. Run by the cron task run_connection_periodic through the one queue, at
   * most every `everyMinutes` per connection; `run` must be idempotent. What it
   * returns is the job's outcome in the log.
   */
  periodic?: { everyMinutes: number; run(ctx: ConnectorContext<Creds, Settings>): Promise<string> };
  /** Catching up with orders paid before the connection existed (lib/backfills), from the connector's settings page. */
  backfill?: BackfillCapability<ConnectorContext<Creds, Settings>>;
  /** For storage providers: keeps the organization's files once the connection is enabled (lib/integrations/storage). */
  storage?: StorageCapability<ConnectorContext<Creds, Settings>>;
  /** For social networks: posts about events when they are published, cancelled or moved (lib/social-posting). */
  socialPosts?: SocialPostsCapability<ConnectorContext<Creds, Settings>>;
  /**
   * A tag for the public event pages, loaded after the visitor consents; null when
   * the settings turn it off. Built from what is not sealed (the linked account's
   * id, the settings), so a page view opens no credentials.
   */
  pageTag?(connection: { externalAccountId: string | null; mode: ConnectionMode; settings: Settings }, baseUrl: string): PageTag | null;
}

export type Connector<Creds = unknown, Settings = unknown> = Omit<Manifest<Creds, Settings>, "oauth"> &
  Omit<ConnectorBehaviour<Creds, Settings>, "oauth"> & { oauth?: OAuthConfig };

/** Declares a manifest with its own types (the connector reads them back). */
export function defineManifest<Creds, Settings>(m: Manifest<Creds, Settings>): Manifest<Creds, Settings> {
  return m;
}

/** A connector is its manifest plus behaviour; the OAuth data and flow are joined into one config. */
export function defineConnector<Creds, Settings>(manifest: Manifest<Creds, Settings>, behaviour: ConnectorBehaviour<Creds, Settings>): Connector<unknown, unknown> {
  if (Boolean(manifest.oauth) !== Boolean(behaviour.oauth)) throw new Error(`${manifest.id}: OAuth needs both its manifest data and its flow`);
  const oauth = manifest.oauth && behaviour.oauth ? { ...manifest.oauth, ...behaviour.oauth } : undefined;
  const connector: Connector<Creds, Settings> = { ...manifest, ...behaviour, oauth };
  return connector as unknown as Connector<unknown, unknown>;
}
