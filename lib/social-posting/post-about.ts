// Deciding and making one post about an event fact on one connection: the
// announcement on publish; a note when an announced event is cancelled or moves to
// another time. The network's answer is recorded on the claimed row; a refusal
// throws, so the delivery is retried (or kept dead for a person) as any other.
//
// A failed delivery is retried later while the connection's next facts go ahead
// (graphile-worker unlocks the queue), so a post is decided from the event as it
// is when the delivery runs, never from the fact's snapshot: a late announcement
// of an event cancelled since says nothing, one of an event moved since tells the
// new time.
import type { Db } from "@/lib/db/client";
import type { DomainEvent, EventSnapshot } from "@/lib/domain/outbox/catalog";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { ProviderCallError, type ConnectorContext } from "@/lib/integrations/contract";
import type { SocialPostKind, SocialPostsCapability } from "@/lib/integrations/contract/social-posts";
import { announcementInFlight, claimPost, lastTold, settlePost } from "./posts";
import { loadPostTemplates } from "./template-store";
import { fillTemplate, fitPost, formatEventDate, type PostLimits, type PostVars } from "./templates";

interface Plan {
  kind: SocialPostKind;
  /** Tells one move from another: the post whose schedule it corrects, so each move is told once. */
  subject: string;
}

async function planFor(db: Db, connectionId: string, type: string, ev: EventSnapshot): Promise<Plan | null> {
  if (type === "event.published") return ev.status === "published" ? { kind: "published", subject: "" } : null;
  const note = (type === "event.cancelled" && ev.status === "cancelled") || (type === "event.updated" && ev.status === "published");
  if (!note) return null;
  const told = await lastTold(db, connectionId, ev.id);
  if (!told) {
    // The announcement may be on its way with the schedule it read: wait for its answer rather than let it stand uncorrected.
    if (await announcementInFlight(db, connectionId, ev.id)) throw new Error("The announcement of this event is still being posted; this note waits for its answer");
    // Nobody here heard of the event: there is nothing to call off or correct.
    return null;
  }
  if (type === "event.cancelled") return { kind: "cancelled", subject: "" };
  const moved = told.starts_at.getTime() !== Date.parse(ev.startsAt) || told.ends_at.getTime() !== Date.parse(ev.endsAt);
  return moved ? { kind: "moved", subject: told.id } : null;
}

function postVars(ev: EventSnapshot): PostVars {
  return { title: ev.title, date: formatEventDate(ev.startsAt, ev.timeZone), venue: ev.venue || (ev.online ? "online" : "the venue"), url: ev.url };
}

function postText(template: string, vars: PostVars, limits: Omit<PostLimits, "network">): string {
  return fitPost(fillTemplate(template, vars), vars.url, limits);
}

/** The network refused the request for sure (a 4xx other than its duplicate answer): nothing was posted, and sending the same again cannot help. */
function definitelyRefused(err: unknown): boolean {
  return err instanceof ProviderCallError && err.permanent;
}

async function currentEvent(db: Db, orgId: string, eventId: string): Promise<EventSnapshot | null> {
  const row = await db.selectFrom("events").selectAll().where("id", "=", eventId).where("org_id", "=", orgId).executeTakeFirst();
  return row ? eventSnapshot(row) : null;
}

export async function postAbout(db: Db, social: SocialPostsCapability<ConnectorContext>, ctx: ConnectorContext, event: DomainEvent): Promise<"delivered" | "skipped"> {
  const ev = await currentEvent(db, ctx.connection.orgId, (event.payload as { event: EventSnapshot }).event.id);
  if (!ev) return "skipped";
  const plan = await planFor(db, ctx.connection.id, event.type, ev);
  if (!plan) return "skipped";
  const cannot = social.cannotPost?.(ctx);
  if (cannot) throw Object.assign(new Error(`${social.network}: ${cannot}`), { permanent: true });
  const templates = await loadPostTemplates(db, ctx.connection.orgId, ctx.connection.connectorId);
  const vars = postVars(ev);
  const text = postText(templates[plan.kind], vars, social);
  const claim = await claimPost(db, { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, eventId: ev.id, kind: plan.kind, subject: plan.subject, text, details: JSON.stringify(vars), startsAt: ev.startsAt, endsAt: ev.endsAt });
  if (!claim) return "skipped";
  try {
    const result = await social.publish(ctx, { text: claim.text, link: ev.url, title: ev.title });
    await settlePost(db, claim.id, { status: result.posted ? "posted" : "duplicate", externalId: result.id, url: result.url });
  } catch (err) {
    await settlePost(db, claim.id, { status: definitelyRefused(err) ? "refused" : "failed", error: String((err as Error)?.message ?? err).slice(0, 1000) });
    throw err;
  }
  return "delivered";
}
