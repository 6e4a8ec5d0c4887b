import type { AttendeeRow, OrderRow } from "@/lib/db/schema";
import type { AnswerSnapshot, AttendeeSnapshot, OrderSnapshot } from "../outbox/catalog";

export function orderSnapshot(o: OrderRow): OrderSnapshot {
  return {
    id: o.id,
    status: o.status,
    buyerName: o.buyer_name,
    buyerEmail: o.buyer_email,
    totalMinor: o.total_minor,
    currency: o.currency.trim(),
  };
}

export function attendeeSnapshot(a: AttendeeRow, ticketTypeName: string): AttendeeSnapshot {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    phone: a.phone,
    smsPhone: a.sms_phone,
    ticketTypeId: a.ticket_type_id,
    ticketTypeName,
    status: a.status,
    checkedInAt: a.checked_in_at ? a.checked_in_at.toISOString() : null,
  };
}

/** For the facts of a new registration (registration.created, ticket.purchased), which carry the answers. */
export function attendeeSnapshotWithAnswers(a: AttendeeRow, ticketTypeName: string): AttendeeSnapshot & { answers: AnswerSnapshot[] } {
  return { ...attendeeSnapshot(a, ticketTypeName), answers: a.answers.map(({ questionId, question, kind, value, filename }) => ({ questionId, question, kind, value, ...(filename ? { filename } : {}) })) };
}
