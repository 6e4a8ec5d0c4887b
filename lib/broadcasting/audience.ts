// Who a broadcast goes to: the event's attendees holding a place, narrowed by
// the organizer's filter, each at the address the channel needs. For a cancelled
// event "holding a place" means holding one when it was cancelled: cancelling an
// event changes no ticket, so valid tickets still count, and so do tickets
// refunded or cancelled after the cancellation (the refunds it caused).
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import type { Audience } from "@/lib/broadcasts/records";

export const AUDIENCES: ReadonlyArray<{ value: Audience; label: string }> = [
  { value: "all", label: "Everyone with a ticket" },
  { value: "paid", label: "Paid tickets only" },
  { value: "checked_in", label: "Checked in" },
  { value: "not_checked_in", label: "Not checked in" },
];

export type AddressKind = "email" | "phone";

interface Holder {
  attendeeId: string;
  name: string;
  email: string;
  phone: string | null;
  paid: boolean;
  checkedIn: boolean;
}

async function holders(db: Db, event: EventRow): Promise<Holder[]> {
  const rows = await db
    .selectFrom("attendees as a")
    .innerJoin("orders as o", "o.id", "a.order_id")
    .select(["a.id", "a.name", "a.email", "a.sms_phone", "a.sms_consent_at", "a.checked_in_at", "o.total_minor"])
    .where("a.event_id", "=", event.id)
    .where("a.org_id", "=", event.org_id)
    .where((eb) =>
      event.status === "cancelled" && event.cancelled_at
        ? eb.or([eb("a.status", "=", "paid"), eb.and([eb("a.status", "in", ["refunded", "cancelled"]), eb("o.paid_at", "is not", null), eb("o.updated_at", ">=", event.cancelled_at)])])
        : eb("a.status", "=", "paid"),
    )
    .orderBy("a.created_at")
    .orderBy(sql`a.id`)
    .execute();
  return rows.map((r) => ({
    attendeeId: r.id,
    name: r.name,
    email: r.email.trim().toLowerCase(),
    phone: r.sms_phone && r.sms_consent_at ? r.sms_phone : null,
    paid: r.total_minor > 0,
    checkedIn: r.checked_in_at !== null,
  }));
}

function matches(h: Holder, audience: Audience): boolean {
  switch (audience) {
    case "all":
      return true;
    case "paid":
      return h.paid;
    case "checked_in":
      return h.checkedIn;
    case "not_checked_in":
      return !h.checkedIn;
  }
}

export interface AudienceMember {
  attendeeId: string;
  name: string;
  address: string;
}

/** The recipients of a broadcast: one per address (two tickets bought with one e-mail hear it once). */
export async function audienceOf(db: Db, event: EventRow, audience: Audience, kind: AddressKind): Promise<AudienceMember[]> {
  const out = new Map<string, AudienceMember>();
  for (const h of await holders(db, event)) {
    const address = kind === "email" ? h.email : h.phone;
    if (!address || !matches(h, audience) || out.has(address)) continue;
    out.set(address, { attendeeId: h.attendeeId, name: h.name, address });
  }
  return [...out.values()];
}

/** How many distinct addresses each filter reaches, per kind of address, for the form's counts. */
export async function audienceCounts(db: Db, event: EventRow): Promise<Record<AddressKind, Record<Audience, number>>> {
  const all = await holders(db, event);
  const count = (kind: AddressKind, audience: Audience) =>
    new Set(all.filter((h) => matches(h, audience)).map((h) => (kind === "email" ? h.email : h.phone)).filter(Boolean)).size;
  const per = (kind: AddressKind) => Object.fromEntries(AUDIENCES.map((a) => [a.value, count(kind, a.value)])) as Record<Audience, number>;
  return { email: per("email"), phone: per("phone") };
}
