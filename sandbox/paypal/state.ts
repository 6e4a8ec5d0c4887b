// One PayPal merchant account. Every client id the sandbox is given counts as one of
// its REST apps: an app sees only the orders, captures, refunds and webhooks it
// made, as PayPal scopes them, so two organizations with their own apps stay apart.
import { stateSlot } from "../core/state-slot";
export type OrderStatus = "CREATED" | "PAYER_ACTION_REQUIRED" | "APPROVED" | "COMPLETED" | "VOIDED";
export type CaptureStatus = "COMPLETED" | "DECLINED" | "PARTIALLY_REFUNDED" | "PENDING" | "REFUNDED" | "FAILED";
/** What the buyer paid with on the approval page: the balance clears at once, an eCheck days later. */
export type Funding = "balance" | "echeck";

export interface PayPalToken {
  token: string;
  clientId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface PayPalMoney {
  currency: string;
  /** In the currency's smallest unit as PayPal counts it (JPY, HUF, TWD: whole units). */
  minor: number;
}

export interface PayPalItem {
  name: string;
  quantity: number;
  unitAmount: PayPalMoney;
  sku: string | null;
  description: string | null;
  category: string | null;
}

export interface PayPalOrder {
  id: string;
  clientId: string;
  created: number;
  updated: number;
  status: OrderStatus;
  /** How the approval page was asked for: the current payment_source.paypal.experience_context, or the older application_context. */
  experience: "payment_source" | "application_context";
  referenceId: string;
  amount: PayPalMoney;
  itemTotal: PayPalMoney | null;
  items: PayPalItem[];
  description: string | null;
  customId: string | null;
  invoiceId: string | null;
  softDescriptor: string | null;
  returnUrl: string | null;
  cancelUrl: string | null;
  brandName: string | null;
  /** The e-mail the merchant suggested for the payer, shown on the approval page. */
  payerEmailHint: string | null;
  funding: Funding | null;
  approvedAt: number | null;
  captureId: string | null;
}

export interface PayPalCapture {
  id: string;
  clientId: string;
  orderId: string;
  created: number;
  updated: number;
  status: CaptureStatus;
  /** PayPal's status_details.reason while PENDING (ECHECK) or after a refund or decline. */
  reason: string | null;
  amount: PayPalMoney;
  customId: string | null;
  invoiceId: string | null;
  refundIds: string[];
  refundedMinor: number;
  disputeId: string | null;
}

export interface PayPalRefund {
  id: string;
  clientId: string;
  captureId: string;
  orderId: string;
  created: number;
  amount: PayPalMoney;
  customId: string | null;
  invoiceId: string | null;
  noteToPayer: string | null;
  /** Through the API, or from the merchant's PayPal dashboard (the control API). */
  via: "api" | "dashboard";
}

export interface PayPalDispute {
  id: string;
  clientId: string;
  captureId: string;
  created: number;
  reason: string;
  amount: PayPalMoney;
}

export interface PayPalWebhook {
  id: string;
  clientId: string;
  created: number;
  url: string;
  /** Event type names; "*" is every type. */
  eventTypes: string[];
}

export interface PayPalEvent {
  id: string;
  clientId: string;
  created: number;
  eventType: string;
  resourceType: string;
  summary: string;
  /** The resource as it was when the event happened. */
  resource: Record<string, unknown>;
}

/** One signed POST as it was sent: verify-webhook-signature compares what it is asked about with this. */
export interface Transmission {
  id: string;
  time: string;
  sig: string;
  certUrl: string;
  authAlgo: string;
  /** The webhook the signature was made for, which is not always the one it was sent to (signature "other-webhook"). */
  webhookId: string;
  eventId: string;
  body: string;
}

export type SignatureKind = "valid" | "forged" | "other-webhook";

export interface PayPalDelivery {
  id: number;
  at: string;
  eventId: string;
  eventType: string;
  webhookId: string;
  url: string;
  attempt: number;
  trigger: "event" | "resend";
  signature: SignatureKind;
  /** The PayPal-* headers sent, so a test can replay a delivery elsewhere. */
  headers: Record<string, string>;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface IdempotentRequest {
  method: string;
  path: string;
  /** PayPal answers a repeated PayPal-Request-Id with the latest state of what the first request made. */
  resource: { kind: "order" | "refund"; id: string };
  savedAt: number;
}

export interface PayPalState {
  tokens: Map<string, PayPalToken>;
  /** Apps deleted on purpose (the control API's revoke): their client id gets no more tokens. */
  revokedClients: Set<string>;
  orders: Map<string, PayPalOrder>;
  captures: Map<string, PayPalCapture>;
  refunds: Map<string, PayPalRefund>;
  disputes: Map<string, PayPalDispute>;
  webhooks: Map<string, PayPalWebhook>;
  /** Oldest first. */
  events: PayPalEvent[];
  transmissions: Map<string, Transmission>;
  deliveries: PayPalDelivery[];
  nextDeliveryId: number;
  /** Keyed by client id and PayPal-Request-Id: each app has its own keys. */
  idempotency: Map<string, IdempotentRequest>;
}

export function seedPayPal(): PayPalState {
  return {
    tokens: new Map(),
    revokedClients: new Set(),
    orders: new Map(),
    captures: new Map(),
    refunds: new Map(),
    disputes: new Map(),
    webhooks: new Map(),
    events: [],
    transmissions: new Map(),
    deliveries: [],
    nextDeliveryId: 1,
    idempotency: new Map(),
  };
}

export const PAYPAL_STATE = stateSlot("paypal", seedPayPal);
