// The places of an invoiced order: held by a pending order, counted like every
// checkout's hold, but without the checkout's expiry (hold_expires_at stays null):
// the invoice's own end (paid, void, uncollectible, overdue) settles or releases
// them (./state). The event is locked while places are counted, so two invoices,
// or an invoice and a checkout, never take the same last places.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { AttendeeRow, EventRow, OrderInvoiceRow, OrderRow } from "@/lib/db/schema";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import { lockEventOpenForSale } from "@/lib/domain/events/open-for-sale";
import { insertOrderWithAttendees } from "@/lib/domain/orders/insert";
import { assertPlacesLeft } from "@/lib/domain/orders/places";
import { invoiceInput, type InvoiceInput } from "./input";

export interface InvoiceLine {
  ticketTypeId: string;
  name: string;
  unitMinor: number;
  quantity: number;
}

export interface HeldInvoiceOrder {
  order: OrderRow;
  invoice: OrderInvoiceRow;
  event: EventRow;
  attendees: AttendeeRow[];
  lines: InvoiceLine[];
  input: InvoiceInput;
  /** True when this submit found the order an earlier identical submit created. */
  existing: boolean;
}

/** The gateway connection the invoice is issued through; only its callbacks settle the order. */
export interface InvoiceGatewayRef {
  provider: string;
  connectionId: string;
}

export async function holdInvoicedOrder(db: Db, orgId: string, eventId: string, raw: unknown, gateway: InvoiceGatewayRef, userId: string | null): Promise<HeldInvoiceOrder> {
  const parsed = invoiceInput.safeParse(raw);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const input = parsed.data;
  const found = await db.selectFrom("events").select("slug").where("id", "=", eventId).where("org_id", "=", orgId).executeTakeFirst();
  if (!found) throw new NotFoundError("Event");

  return db.transaction().execute(async (tx) => {
    const event = await lockEventOpenForSale(tx, found.slug);
    const type = await tx.selectFrom("ticket_types").selectAll().where("id", "=", input.ticketTypeId).where("event_id", "=", event.id).executeTakeFirst();
    if (!type) throw new ValidationError({ ticketTypeId: ["This ticket type is not offered for this event"] });
    if (type.price_minor === 0) throw new ValidationError({ ticketTypeId: ["Free tickets need no invoice: register the attendees instead"] });
    const lines: InvoiceLine[] = [{ ticketTypeId: type.id, name: type.name, unitMinor: type.price_minor, quantity: input.quantity }];

    const prior = await tx.selectFrom("orders").selectAll().where("event_id", "=", event.id).where("client_reference", "=", input.attempt).executeTakeFirst();
    if (prior) {
      const [invoice, attendees] = await Promise.all([
        tx.selectFrom("order_invoices").selectAll().where("order_id", "=", prior.id).executeTakeFirst(),
        tx.selectFrom("attendees").selectAll().where("order_id", "=", prior.id).execute(),
      ]);
      if (!invoice) throw new ValidationError({ attempt: ["Reload the page and try again"] });
      return { order: prior, invoice, event, attendees, lines, input, existing: true };
    }

    await assertPlacesLeft(tx, event, [{ type, quantity: input.quantity }]);
    const { order } = await insertOrderWithAttendees(tx, {
      event,
      buyer: { name: input.companyName, email: input.billingEmail, phone: null },
      status: "pending",
      totalMinor: type.price_minor * input.quantity,
      currency: type.currency.trim(),
      lines,
      // No hold expiry: the invoice's end releases the places, not the checkout sweep.
      extra: { payment_provider: gateway.provider, payment_connection_id: gateway.connectionId, client_reference: input.attempt, hold_expires_at: null },
    });
    // placeholderName (./input) in SQL: "<company> ticket k of N" until the company names each holder (a ticket transfer).
    const attendees = await tx
      .updateTable("attendees")
      .from(
        tx
          .selectFrom("attendees")
          .select(["id", sql<number>`row_number() over (order by id)`.as("k")])
          .where("order_id", "=", order.id)
          .as("numbered"),
      )
      .set({ name: sql<string>`${input.companyName}::text || ' ticket ' || numbered.k || ' of ' || ${input.quantity}::int` })
      .whereRef("attendees.id", "=", "numbered.id")
      .returningAll("attendees")
      .execute();
    const invoice = await tx
      .insertInto("order_invoices")
      .values({
        order_id: order.id,
        org_id: orgId,
        connection_id: gateway.connectionId,
        company_name: input.companyName,
        billing_email: input.billingEmail,
        reference: input.reference,
        days_until_due: input.daysUntilDue,
        created_by: userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { order, invoice, event, attendees, lines, input, existing: false };
  });
}
