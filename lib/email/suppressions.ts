// Addresses no e-mail goes to any more (a provider reported a bounce, a drop, a
// spam report or an unsubscribe), and the delivery events providers reported.
// Provider-neutral: an e-mail connector writes here and checks here before each
// send; the attendee list and the connector page read.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";

export interface Suppression {
  email: string;
  reason: string;
  eventType: string;
  occurredAt: Date;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Puts the address on the organization's list; a later report replaces an earlier one, an older one changes nothing. */
export async function suppress(db: Db, s: Suppression & { orgId: string; connectionId: string }): Promise<void> {
  await db
    .insertInto("email_suppressions")
    .values({ org_id: s.orgId, email: normalizeEmail(s.email), connection_id: s.connectionId, reason: s.reason, event_type: s.eventType, occurred_at: s.occurredAt })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "email"])
        .doUpdateSet({ reason: sql`excluded.reason`, event_type: sql`excluded.event_type`, occurred_at: sql`excluded.occurred_at`, connection_id: sql`excluded.connection_id` })
        .where("email_suppressions.occurred_at", "<", sql<Date>`excluded.occurred_at`),
    )
    .execute();
}

export async function findSuppression(db: Db, orgId: string, email: string): Promise<Suppression | undefined> {
  const row = await db.selectFrom("email_suppressions").selectAll().where("org_id", "=", orgId).where("email", "=", normalizeEmail(email)).executeTakeFirst();
  return row ? { email: row.email, reason: row.reason, eventType: row.event_type, occurredAt: row.occurred_at } : undefined;
}

/** The suppressed ones among these addresses, by lowercased address. */
export async function suppressionsFor(db: Db, orgId: string, emails: string[]): Promise<Map<string, Suppression>> {
  const out = new Map<string, Suppression>();
  const wanted = [...new Set(emails.map(normalizeEmail))];
  if (wanted.length === 0) return out;
  const rows = await db.selectFrom("email_suppressions").selectAll().where("org_id", "=", orgId).where("email", "in", wanted).execute();
  for (const r of rows) out.set(r.email, { email: r.email, reason: r.reason, eventType: r.event_type, occurredAt: r.occurred_at });
  return out;
}

/** What we did not send because the address is suppressed: kept as an event of its own, so it is counted. */
export const SKIPPED_SUPPRESSED = "skipped_suppressed";

/**
 * Records one event once per (connection, provider event id); false when it was
 * recorded already (the same batch posted twice, or one event in two batches).
 */
export async function recordEmailEvent(
  db: Db,
  e: { orgId: string; connectionId: string; providerEventId: string; eventType: string; email: string; occurredAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto("email_events")
    .values({ org_id: e.orgId, connection_id: e.connectionId, provider_event_id: e.providerEventId, event_type: e.eventType, email: normalizeEmail(e.email), occurred_at: e.occurredAt })
    .onConflict((oc) => oc.columns(["connection_id", "provider_event_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return Boolean(inserted);
}

/** How many of each event type the connection's provider reported (and we skipped). */
export async function emailEventCounts(db: Db, connectionId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("email_events")
    .select(["event_type", (eb) => eb.fn.countAll<string>().as("n")])
    .where("connection_id", "=", connectionId)
    .groupBy("event_type")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.event_type, Number(r.n)]));
}
