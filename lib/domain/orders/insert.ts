// An order and one attendee per ticket, written together: the shape every way of
// getting tickets (free registration, checkout) shares.
import type { Tx } from "@/lib/db/client";
import type { AttendeeRow, EventRow, OrderRow, OrderStatus, OrdersTable, PendingAnswer } from "@/lib/db/schema";
import type { Insertable } from "kysely";
import { toE164 } from "../phone";
import { answersForTicketType } from "../questions/answers";

export interface NewOrder {
  event: EventRow;
  /** smsConsent: the buyer ticked "text me"; the number is then kept for texting, in E.164, with the time. */
  buyer: { name: string; email: string; phone: string | null; smsConsent?: boolean };
  status: Extract<OrderStatus, "pending" | "paid">;
  totalMinor: number;
  currency: string;
  /** unitMinor: what each ticket of the line costs this buyer (a member pays less), kept on the attendee for refunds and reports. */
  lines: Array<{ ticketTypeId: string; quantity: number; unitMinor?: number }>;
  /** Payment bookkeeping a checkout adds (provider, hold, client reference). */
  extra?: Partial<Insertable<OrdersTable>>;
  /**
   * Answers to the registration questions. A settled order's attendees get theirs
   * now; a pending order keeps them until it settles (lib/domain/orders/settle.ts).
   */
  answers?: PendingAnswer[];
}

export async function insertOrderWithAttendees(tx: Tx, o: NewOrder): Promise<{ order: OrderRow; attendees: AttendeeRow[] }> {
  const smsPhone = o.buyer.smsConsent && o.buyer.phone ? toE164(o.buyer.phone) : null;
  const order = await tx
    .insertInto("orders")
    .values({
      ...o.extra,
      org_id: o.event.org_id,
      event_id: o.event.id,
      buyer_name: o.buyer.name,
      buyer_email: o.buyer.email,
      status: o.status,
      total_minor: o.totalMinor,
      currency: o.currency,
      pending_answers: JSON.stringify(o.status === "pending" ? (o.answers ?? []) : []),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const attendees = await tx
    .insertInto("attendees")
    .values(
      o.lines.flatMap((l) =>
        Array.from({ length: l.quantity }, () => ({
          org_id: o.event.org_id,
          event_id: o.event.id,
          order_id: order.id,
          ticket_type_id: l.ticketTypeId,
          name: o.buyer.name,
          email: o.buyer.email,
          phone: o.buyer.phone,
          sms_phone: smsPhone,
          sms_consent_at: smsPhone ? new Date() : null,
          status: o.status,
          price_paid_minor: l.unitMinor ?? null,
          answers: JSON.stringify(o.status === "paid" ? answersForTicketType(o.answers ?? [], l.ticketTypeId) : []),
        })),
      ),
    )
    .returningAll()
    .execute();
  return { order, attendees };
}
