// Each state change becomes a webhook event: kept (GET /v1/notifications/webhooks-events/{id}),
// then delivered to the webhooks of the app the resource belongs to.
import { keepLatest } from "../../core/keep-latest";
import { eventId } from "../ids";
import type { PayPalEvent } from "../state";
import type { World } from "../world";
import { deliver, webhooksFor } from "./deliver";

const KEPT_EVENTS = 10_000;

export const RESOURCE_TYPES: Record<string, string> = {
  "CHECKOUT.ORDER.APPROVED": "checkout-order",
  "CHECKOUT.ORDER.COMPLETED": "checkout-order",
  "PAYMENT.CAPTURE.COMPLETED": "capture",
  "PAYMENT.CAPTURE.PENDING": "capture",
  "PAYMENT.CAPTURE.DENIED": "capture",
  "PAYMENT.CAPTURE.REFUNDED": "refund",
  "CUSTOMER.DISPUTE.CREATED": "dispute",
};

export function emit(w: World, clientId: string, eventType: string, summary: string, resource: Record<string, unknown>): PayPalEvent {
  const event: PayPalEvent = {
    id: eventId(),
    clientId,
    created: w.now(),
    eventType,
    resourceType: RESOURCE_TYPES[eventType] ?? "unknown",
    summary,
    resource: structuredClone(resource),
  };
  w.state.events.push(event);
  keepLatest(w.state.events, KEPT_EVENTS);
  deliver(w, event, webhooksFor(w, event));
  return event;
}
