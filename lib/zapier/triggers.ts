// The facts Zapier can subscribe to (REST hooks), with the words its editor shows.
import type { DomainEventType } from "@/lib/domain/outbox/catalog";

export interface ZapierTrigger {
  event: DomainEventType;
  key: string;
  noun: string;
  label: string;
  description: string;
}

export const ZAPIER_TRIGGERS: readonly ZapierTrigger[] = [
  { event: "registration.created", key: "registration_created", noun: "Registration", label: "New Registration", description: "Triggers when someone registers for an event (free or paid)." },
  { event: "registration.cancelled", key: "registration_cancelled", noun: "Registration", label: "Registration Cancelled", description: "Triggers when a registration is cancelled." },
  { event: "ticket.purchased", key: "ticket_purchased", noun: "Order", label: "Ticket Purchased", description: "Triggers when a paid order's tickets are issued." },
  { event: "ticket.refunded", key: "ticket_refunded", noun: "Order", label: "Ticket Refunded", description: "Triggers when tickets of an order are refunded." },
  { event: "attendee.checked_in", key: "attendee_checked_in", noun: "Attendee", label: "Attendee Checked In", description: "Triggers when an attendee is checked in at the door." },
  { event: "event.created", key: "event_created", noun: "Event", label: "New Event", description: "Triggers when an event is created (as a draft)." },
  { event: "event.published", key: "event_published", noun: "Event", label: "Event Published", description: "Triggers when an event is published and opens for registration." },
  { event: "event.cancelled", key: "event_cancelled", noun: "Event", label: "Event Cancelled", description: "Triggers when an event is cancelled." },
];

export const ZAPIER_EVENTS = ZAPIER_TRIGGERS.map((t) => t.event) as [DomainEventType, ...DomainEventType[]];

export function isZapierEvent(type: string): type is DomainEventType {
  return ZAPIER_TRIGGERS.some((t) => t.event === type);
}
