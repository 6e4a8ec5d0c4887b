// What the emulated Payrexx remembers: merchant instances (each with its own API
// secret and the webhook URL set in its admin), the gateways created through the
// API, the transactions paid, declined or refunded on them, and every webhook
// delivery attempt. Ids are integers, as Payrexx's are; they start at a random
// base so a restarted sandbox never reuses an id an app has already stored.
import { randomInt } from "node:crypto";
import { stateSlot } from "../core/state-slot";

export type TransactionStatus =
  | "waiting"
  | "confirmed"
  | "cancelled"
  | "declined"
  | "authorized"
  | "reserved"
  | "refunded"
  | "partially-refunded"
  | "refund_pending"
  | "chargeback"
  | "error"
  | "uncaptured";

/** A gateway is open ("waiting") until one attempt on it ends it. */
export type GatewayStatus = "waiting" | "confirmed" | "declined" | "cancelled";

export type WebhookContentType = "json" | "form";

export interface PayrexxInstance {
  name: string;
  secret: string;
  /** Set in the merchant's admin (Settings → Webhooks), never through the API. */
  webhook: { url: string; contentType: WebhookContentType } | null;
}

export interface BasketItem {
  name: string;
  amount: number;
  quantity: number;
}

export interface PayrexxGateway {
  id: number;
  hash: string;
  instance: string;
  status: GatewayStatus;
  /** Sandbox time, ms. */
  createdAt: number;
  /** Minutes the payment page stays usable; null: no limit. */
  validity: number | null;
  amount: number;
  currency: string;
  purpose: string | null;
  referenceId: string | null;
  successRedirectUrl: string | null;
  failedRedirectUrl: string | null;
  cancelRedirectUrl: string | null;
  /** Contact fields as sent (fields[email][value] …): prefilled on the page, copied to the transaction's contact. */
  fields: Record<string, string>;
  basket: BasketItem[];
  skipResultPage: boolean;
  transactionIds: number[];
}

export interface PayrexxTransaction {
  id: number;
  uuid: string;
  instance: string;
  gatewayId: number | null;
  status: TransactionStatus;
  /** Sandbox time, ms. */
  time: number;
  /** What was paid; for a refund transaction, the amount refunded. */
  amount: number;
  currency: string;
  referenceId: string | null;
  purpose: string | null;
  payment: { brand: string; cardNumber: string | null; expiry: string | null };
  contact: { email: string | null; forename: string | null; surname: string | null };
  /** Total refunded so far (payments only). */
  refundedAmount: number;
  /** Set on refund transactions: the payment they give money back from. */
  originalTransactionId: number | null;
  refundIds: number[];
}

export interface WebhookDelivery {
  id: number;
  at: string;
  instance: string;
  url: string;
  transactionId: number;
  /** The transaction's status the delivery reported. */
  reported: TransactionStatus;
  attempt: number;
  trigger: "event" | "resend" | "replay";
  contentType: WebhookContentType;
  /** The exact bytes sent, so a late retry can be replayed as it was. */
  body: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface PayrexxState {
  instances: Map<string, PayrexxInstance>;
  gateways: Map<number, PayrexxGateway>;
  transactions: Map<number, PayrexxTransaction>;
  nextGatewayId: number;
  nextTransactionId: number;
  nextDeliveryId: number;
  deliveries: WebhookDelivery[];
  /** Secrets that authenticated a request, and those revoked (regenerated in the admin) since. */
  seenKeys: Set<string>;
  revokedKeys: Set<string>;
}

/** The instance a new developer connects with; README and the connector's help name it. */
export const DEMO_INSTANCE = { name: "switchboard-demo", secret: "payrexx-sandbox-secret-fake" } as const;

export function seedPayrexx(): PayrexxState {
  return {
    instances: new Map([[DEMO_INSTANCE.name, { name: DEMO_INSTANCE.name, secret: DEMO_INSTANCE.secret, webhook: null }]]),
    gateways: new Map(),
    transactions: new Map(),
    nextGatewayId: randomInt(1_000_000, 9_000_000),
    nextTransactionId: randomInt(10_000_000, 90_000_000),
    nextDeliveryId: 1,
    deliveries: [],
    seenKeys: new Set(),
    revokedKeys: new Set(),
  };
}

export const PAYREXX_STATE = stateSlot("payrexx", seedPayrexx);
