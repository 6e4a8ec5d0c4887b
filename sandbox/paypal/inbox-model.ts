// PayPal's part of inbox.json: orders with the capture each led to, refunds, webhooks
// and every webhook delivery attempt, oldest first like the other sections.
import { formatValue } from "./money";
import type { PayPalDelivery, PayPalState } from "./state";

export interface InboxPayPalOrder {
  id: string;
  app: string;
  created: string;
  status: string;
  amount: string;
  currency: string;
  customId: string | null;
  items: Array<{ name: string; quantity: number; unitAmount: string }>;
  funding: string | null;
  capture: { id: string; status: string; refunded: string; disputed: boolean } | null;
}

export interface InboxPayPal {
  orders: InboxPayPalOrder[];
  refunds: Array<{ id: string; capture: string; created: string; amount: string; currency: string; customId: string | null; via: string }>;
  webhooks: Array<{ id: string; app: string; url: string; eventTypes: string[] }>;
  deliveries: PayPalDelivery[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function paypalInbox(state: PayPalState): InboxPayPal {
  return {
    orders: [...state.orders.values()].map((o) => {
      const c = o.captureId ? state.captures.get(o.captureId) : undefined;
      return {
        id: o.id,
        app: o.clientId,
        created: iso(o.created),
        status: o.status,
        amount: formatValue(o.amount),
        currency: o.amount.currency,
        customId: o.customId,
        items: o.items.map((i) => ({ name: i.name, quantity: i.quantity, unitAmount: formatValue(i.unitAmount) })),
        funding: o.funding,
        capture: c ? { id: c.id, status: c.status, refunded: formatValue({ currency: c.amount.currency, minor: c.refundedMinor }), disputed: c.disputeId !== null } : null,
      };
    }),
    refunds: [...state.refunds.values()].map((r) => ({ id: r.id, capture: r.captureId, created: iso(r.created), amount: formatValue(r.amount), currency: r.amount.currency, customId: r.customId, via: r.via })),
    webhooks: [...state.webhooks.values()].map((h) => ({ id: h.id, app: h.clientId, url: h.url, eventTypes: [...h.eventTypes] })),
    deliveries: state.deliveries.map((d) => ({ ...d, headers: { ...d.headers } })),
  };
}
