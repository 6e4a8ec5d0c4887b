// One Stripe account, test and live mode side by side as Stripe keeps them: every
// object remembers its mode, and a key of one mode cannot see the other's objects.
import { stateSlot } from "../core/state-slot";
import { seedBilling, type BillingState } from "./billing-state";

export interface StripeLineItem {
  id: string;
  name: string;
  description: string | null;
  currency: string;
  unitAmount: number;
  quantity: number;
  productId: string;
  priceId: string;
  productMetadata: Record<string, string>;
  /** Set for a recurring price: how often a subscription bills it. */
  recurring: { interval: "day" | "week" | "month" | "year"; intervalCount: number } | null;
}

export type SessionStatus = "open" | "complete" | "expired";
export type SessionPaymentStatus = "unpaid" | "paid";

export interface StripeSession {
  id: string;
  livemode: boolean;
  mode: "payment" | "subscription";
  created: number;
  expiresAt: number;
  status: SessionStatus;
  paymentStatus: SessionPaymentStatus;
  currency: string;
  amountTotal: number;
  lineItems: StripeLineItem[];
  customerEmail: string | null;
  /** The customer named at creation, or the one Checkout made when the buyer paid. */
  customerId: string | null;
  /** Subscription mode: what the payment started, once it has. */
  subscriptionId: string | null;
  invoiceId: string | null;
  subscriptionData: { metadata: Record<string, string>; description: string | null };
  /** "always" makes a customer of a payment-mode buyer; subscription mode always does. */
  customerCreation: "always" | "if_required";
  clientReferenceId: string | null;
  successUrl: string;
  cancelUrl: string | null;
  locale: string | null;
  metadata: Record<string, string>;
  /** As asked for; null lets Checkout offer what the account has (card and bank transfer here). */
  paymentMethodTypes: string[] | null;
  paymentIntentData: { metadata: Record<string, string>; description: string | null; receiptEmail: string | null };
  /** The PaymentIntent of the first payment attempt; shown on the session only once it completes. */
  paymentIntentId: string | null;
  customerDetails: { email: string | null; name: string | null } | null;
}

export interface PaymentError {
  type: "card_error" | "invalid_request_error";
  code: string;
  declineCode: string | null;
  message: string;
  chargeId: string | null;
}

export type PaymentMethodKind = "card" | "customer_balance";

export interface StripeCard {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  funding: string;
  country: string;
}

export interface StripePaymentIntent {
  id: string;
  livemode: boolean;
  created: number;
  amount: number;
  currency: string;
  status: "requires_payment_method" | "requires_action" | "processing" | "succeeded" | "canceled";
  /** The Checkout Session it pays, or null when it pays an invoice. */
  sessionId: string | null;
  invoiceId: string | null;
  customerId: string | null;
  clientSecret: string;
  metadata: Record<string, string>;
  description: string | null;
  receiptEmail: string | null;
  paymentMethodId: string | null;
  method: PaymentMethodKind | null;
  latestChargeId: string | null;
  lastPaymentError: PaymentError | null;
  canceledAt: number | null;
  cancellationReason: string | null;
  /** The bank reference an attendee quotes on a transfer. */
  transferReference: string | null;
}

export interface StripeCharge {
  id: string;
  livemode: boolean;
  created: number;
  amount: number;
  currency: string;
  status: "succeeded" | "failed";
  paymentIntentId: string;
  paymentMethodId: string;
  method: PaymentMethodKind;
  card: StripeCard | null;
  billing: { name: string | null; email: string | null };
  amountRefunded: number;
  disputed: boolean;
  failure: PaymentError | null;
  metadata: Record<string, string>;
  refundIds: string[];
  balanceTransactionId: string | null;
}

export interface StripeRefund {
  id: string;
  livemode: boolean;
  created: number;
  amount: number;
  currency: string;
  chargeId: string;
  paymentIntentId: string;
  reason: string | null;
  metadata: Record<string, string>;
  /** Where it was made: through the API, or in the dashboard (the control API). */
  via: "api" | "dashboard";
}

export interface StripeDispute {
  id: string;
  livemode: boolean;
  created: number;
  amount: number;
  currency: string;
  chargeId: string;
  paymentIntentId: string;
  reason: string;
}

export interface StripeWebhookEndpoint {
  id: string;
  livemode: boolean;
  created: number;
  url: string;
  enabledEvents: string[];
  secret: string;
  description: string | null;
  metadata: Record<string, string>;
  apiVersion: string | null;
}

export interface StripeEvent {
  id: string;
  livemode: boolean;
  created: number;
  type: string;
  /** The object as it was when the event happened. */
  object: Record<string, unknown>;
  previousAttributes: Record<string, unknown> | null;
  request: { id: string | null; idempotency_key: string | null };
  pendingWebhooks: number;
}

export type SignatureKind = "valid" | "wrong-secret" | "stale";

export interface WebhookDelivery {
  id: number;
  at: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  attempt: number;
  trigger: "event" | "resend";
  signature: SignatureKind;
  /** Null when no HTTP answer came (refused, reset, timed out). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** How a test card declines. */
export interface CardDecline {
  code: string;
  declineCode: string | null;
  message: string;
}

export interface ConnectCode {
  clientId: string;
  scope: string;
  livemode: boolean;
  expiresAt: number;
  used: boolean;
}

export interface IdempotentResult {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: unknown;
  requestId: string;
  savedAt: number;
}

export interface StripeState {
  billing: BillingState;
  seenKeys: Set<string>;
  revokedKeys: Set<string>;
  sessions: Map<string, StripeSession>;
  paymentIntents: Map<string, StripePaymentIntent>;
  charges: Map<string, StripeCharge>;
  refunds: Map<string, StripeRefund>;
  disputes: Map<string, StripeDispute>;
  endpoints: Map<string, StripeWebhookEndpoint>;
  /** Oldest first. */
  events: StripeEvent[];
  deliveries: WebhookDelivery[];
  nextDeliveryId: number;
  /** Keyed by mode and Idempotency-Key, as Stripe scopes keys to an account. */
  idempotency: Map<string, IdempotentResult>;
  /** Connect OAuth authorization codes, one use each. */
  connectCodes: Map<string, ConnectCode>;
}

export function seedStripe(): StripeState {
  return {
    billing: seedBilling(),
    seenKeys: new Set(),
    revokedKeys: new Set(),
    sessions: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    disputes: new Map(),
    endpoints: new Map(),
    events: [],
    deliveries: [],
    nextDeliveryId: 1,
    idempotency: new Map(),
    connectCodes: new Map(),
  };
}

export const STRIPE_STATE = stateSlot("stripe", seedStripe);
