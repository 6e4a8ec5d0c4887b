// The record of posts made about events, one per connection, event and piece of
// news. A post is claimed before the network is called and settled after, so a
// retried delivery finds what was done instead of posting again.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { SocialPostKind, SocialPostStatus } from "@/lib/db/schema";

/** A claim touched this recently may still be waiting for the network's answer: the longest call the policy makes, and then some. */
export const IN_FLIGHT_MS = 5 * 60 * 1000;

export interface PostClaim {
  orgId: string;
  connectionId: string;
  eventId: string;
  kind: SocialPostKind;
  subject: string;
  text: string;
  /** The event's details the text tells (JSON). */
  details: string;
  startsAt: string;
  endsAt: string;
}

/**
 * The claimed row (its id, and the text to send), or null when this post was
 * already made (posted, or the network had it). A claim left by an attempt that
 * failed or died mid-call is taken over with the text it had, so a retry sends
 * exactly what may have reached the network and meets its duplicate check;
 * unless that text went stale (the event changed since: telling the right time
 * matters more than the duplicate check) or the network refused it for sure
 * (then the template, maybe fixed since, is filled again).
 */
export async function claimPost(db: Db, c: PostClaim): Promise<{ id: string; text: string } | null> {
  const values = { org_id: c.orgId, connection_id: c.connectionId, event_id: c.eventId, kind: c.kind, subject: c.subject, text: c.text, details: c.details, starts_at: new Date(c.startsAt), ends_at: new Date(c.endsAt) };
  const row = await db
    .insertInto("social_posts")
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(["connection_id", "event_id", "kind", "subject"])
        .doUpdateSet({
          status: "posting",
          error: null,
          updated_at: new Date(),
          text: sql<string>`case when social_posts.status = 'refused' or social_posts.details <> excluded.details then excluded.text else social_posts.text end`,
          details: (eb) => eb.ref("excluded.details"),
          starts_at: (eb) => eb.ref("excluded.starts_at"),
          ends_at: (eb) => eb.ref("excluded.ends_at"),
        })
        .where("social_posts.status", "in", ["posting", "failed", "refused"]),
    )
    .returning(["id", "text"])
    .executeTakeFirst();
  return row ?? null;
}

export async function settlePost(db: Db, id: string, outcome: { status: SocialPostStatus; externalId?: string | null; url?: string | null; error?: string | null }): Promise<void> {
  await db
    .updateTable("social_posts")
    .set({ status: outcome.status, external_id: outcome.externalId ?? null, url: outcome.url ?? null, error: outcome.error ?? null, updated_at: new Date() })
    .where("id", "=", id)
    .execute();
}

/** The last post that told people the schedule on this connection (the announcement, or the latest move), if any. */
export async function lastTold(db: Db, connectionId: string, eventId: string) {
  return db
    .selectFrom("social_posts")
    .select(["id", "kind", "starts_at", "ends_at"])
    .where("connection_id", "=", connectionId)
    .where("event_id", "=", eventId)
    .where("kind", "in", ["published", "moved"])
    .where("status", "in", ["posted", "duplicate"])
    .orderBy("created_at", "desc")
    .executeTakeFirst();
}

/** Whether the announcement is being posted right now (claimed lately, its answer not yet in). */
export async function announcementInFlight(db: Db, connectionId: string, eventId: string, now = Date.now()): Promise<boolean> {
  const row = await db
    .selectFrom("social_posts")
    .select("id")
    .where("connection_id", "=", connectionId)
    .where("event_id", "=", eventId)
    .where("kind", "=", "published")
    .where("status", "=", "posting")
    .where("updated_at", ">", new Date(now - IN_FLIGHT_MS))
    .executeTakeFirst();
  return row !== undefined;
}

export async function recentPosts(db: Db, connectionId: string, limit = 10) {
  return db
    .selectFrom("social_posts as p")
    .innerJoin("events as e", "e.id", "p.event_id")
    .select(["p.id", "p.kind", "p.status", "p.text", "p.url", "p.error", "p.created_at", "e.title as event_title"])
    .where("p.connection_id", "=", connectionId)
    .orderBy("p.created_at", "desc")
    .limit(limit)
    .execute();
}
