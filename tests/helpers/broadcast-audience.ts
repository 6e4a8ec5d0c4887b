// Attendees for broadcast tests, written straight to the tables: a thousand of
// them in one statement, with the ticket state each test needs.
import type { Db } from "../../lib/db/client";

export interface FakeAttendee {
  name?: string;
  email: string;
  smsPhone?: string | null;
  paid?: boolean;
  checkedIn?: boolean;
  status?: "paid" | "refunded" | "cancelled";
}

export async function addAttendees(db: Db, orgId: string, event: { id: string }, ticketTypeId: string, people: FakeAttendee[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < people.length; i += 500) {
    const chunk = people.slice(i, i + 500);
    const orders = await db
      .insertInto("orders")
      .values(chunk.map((p) => ({ org_id: orgId, event_id: event.id, buyer_name: p.name ?? "Guest", buyer_email: p.email, status: p.status ?? "paid", total_minor: p.paid ? 2500 : 0, currency: "EUR", paid_at: new Date() })))
      .returning("id")
      .execute();
    const rows = await db
      .insertInto("attendees")
      .values(
        chunk.map((p, j) => ({
          org_id: orgId,
          event_id: event.id,
          order_id: orders[j]!.id,
          ticket_type_id: ticketTypeId,
          name: p.name ?? `Guest ${i + j + 1}`,
          email: p.email,
          sms_phone: p.smsPhone ?? null,
          sms_consent_at: p.smsPhone ? new Date() : null,
          status: p.status ?? "paid",
          checked_in_at: p.checkedIn ? new Date() : null,
        })),
      )
      .returning("id")
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}
