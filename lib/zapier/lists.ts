// Lists behind the dynamic dropdowns of the Zapier editor (choose an event, a ticket type).
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";

export async function listEventsForZapier(db: Db, orgId: string) {
  const rows = await db
    .selectFrom("events")
    .select(["id", "title", "status", "starts_at", "time_zone", "slug"])
    .where("org_id", "=", orgId)
    .orderBy("starts_at", "desc")
    .limit(100)
    .execute();
  return rows.map((e) => ({ id: e.id, title: e.title, status: e.status, starts_at: e.starts_at.toISOString(), time_zone: e.time_zone, slug: e.slug }));
}

export async function listTicketTypesForZapier(db: Db, orgId: string, eventId: string | null) {
  if (!eventId || !z.uuid().safeParse(eventId).success) throw new NotFoundError("Event");
  const event = await db.selectFrom("events").select("id").where("id", "=", eventId).where("org_id", "=", orgId).executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  const rows = await db
    .selectFrom("ticket_types")
    .select(["id", "name", "price_minor", "currency", "quantity"])
    .where("event_id", "=", event.id)
    .orderBy("created_at")
    .execute();
  return rows.map((t) => ({ id: t.id, name: t.name, price_minor: t.price_minor, currency: t.currency.trim(), quantity: t.quantity, free: t.price_minor === 0 }));
}
