// Purchases and refunds as GA4's recommended e-commerce events. Sums are added in
// minor units; only the final figures become decimals, so no float error builds up.
import { createHash } from "node:crypto";
import { minorUnitDigits } from "@/lib/domain/money";
import type { AttendeeSnapshot, EventSnapshot, OrderSnapshot } from "@/lib/domain/outbox/catalog";
import type { MpBody } from "./client";

export interface OrderFact {
  event: EventSnapshot;
  order: OrderSnapshot;
  attendees: AttendeeSnapshot[];
}

/** What each ticket type costs, by id (the fact names its tickets, not their prices). */
export type TicketPrices = ReadonlyMap<string, number>;

const decimal = (minor: number, currency: string) => minor / 10 ** minorUnitDigits(currency);

/**
 * A visitor id for an order whose buyer gave no consent to the page's tag: stable
 * for the order (its purchase and refunds count as one visitor) and derived from
 * the order's id alone, never from the buyer's e-mail.
 */
export function pseudonymousClientId(orderId: string): string {
  const h = createHash("sha256").update(`switchboard-ga4:${orderId}`).digest();
  return `${h.readUInt32BE(0)}.${h.readUInt32BE(4)}`;
}

function items(fact: OrderFact, prices: TicketPrices) {
  const groups = new Map<string, { name: string; quantity: number }>();
  for (const a of fact.attendees) {
    const g = groups.get(a.ticketTypeId) ?? { name: a.ticketTypeName, quantity: 0 };
    g.quantity += 1;
    groups.set(a.ticketTypeId, g);
  }
  return [...groups].map(([id, g]) => ({ id, name: g.name, quantity: g.quantity, unitMinor: prices.get(id) ?? 0 }));
}

function ecommerce(fact: OrderFact, prices: TicketPrices, valueMinor: (lines: ReturnType<typeof items>) => number) {
  const { order, event } = fact;
  const lines = items(fact, prices);
  return {
    // GA counts a purchase once per transaction_id; a refund names the purchase it returns.
    transaction_id: order.id,
    currency: order.currency,
    value: decimal(valueMinor(lines), order.currency),
    items: lines.map((l) => ({ item_id: l.id, item_name: l.name.slice(0, 100), item_category: event.title.slice(0, 100), price: decimal(l.unitMinor, order.currency), quantity: l.quantity })),
  };
}

const linesMinor = (lines: ReturnType<typeof items>) => lines.reduce((n, l) => n + l.unitMinor * l.quantity, 0);

/** A paid order: its total as charged, and its tickets by type. */
export function purchaseBody(fact: OrderFact, prices: TicketPrices, clientId: string): MpBody {
  return { client_id: clientId, events: [{ name: "purchase", params: ecommerce(fact, prices, () => fact.order.totalMinor) }] };
}

/** Refunded tickets: only these, at their price, never more than the order's total. */
export function refundBody(fact: OrderFact, prices: TicketPrices, clientId: string): MpBody {
  return { client_id: clientId, events: [{ name: "refund", params: ecommerce(fact, prices, (lines) => Math.min(linesMinor(lines), fact.order.totalMinor)) }] };
}
