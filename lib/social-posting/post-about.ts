// Deciding and making one post about an event fact on one connection: the
// announcement on publish; a note when an announced event is cancelled or moves to
// another time. The network's answer is recorded on the claimed row; a refusal
// throws, so the delivery is retried (or kept dead for a person) as any other.
import type { Db } from "@/lib/db/client";
import type { DomainEvent, EventSnapshot } from "@/lib/domain/outbox/catalog";
import type { ConnectorContext } from "@/lib/integrations/contract";
import type { SocialPostKind, SocialPostsCapability } from "@/lib/integrations/contract/social-posts";
import { claimPost, lastAnnounced, settlePost } from "./posts";
import { loadPostTemplates } from "./template-store";
import { fillTemplate, fitPost, formatEventDate } from "./templates";

interface Plan {
  kind: SocialPostKind;
  /** Tells one move from another, so each new time is told once. */
  subject: string;
}

async function planFor(db: Db, connectionId: string, type: string, ev: EventSnapshot): Promise<Plan | null> {
  if (type === "event.published") return ev.status === "published" ? { kind: "published", subject: "" } : null;
  const told = await lastAnnounced(db, connectionId, ev.id);
  // Nobody here heard of the event: there is nothing to call off or correct.
  if (!told) return null;
  if (type === "event.cancelled") return { kind: "cancelled", subject: "" };
  if (type !== "event.updated" || ev.status !== "published") return null;
  const moved = told.starts_at.getTime() !== Date.parse(ev.startsAt) || told.ends_at.getTime() !== Date.parse(ev.endsAt);
  return moved ? { kind: "moved", subject: `${ev.startsAt}/${ev.endsAt}` } : null;
}

export function postText(template: string, ev: EventSnapshot, limits: { maxLength: number; linkLength?: number }): string {
  const text = fillTemplate(template, { title: ev.title, date: formatEventDate(ev.startsAt, ev.timeZone), venue: ev.venue || (ev.online ? "online" : "the venue"), url: ev.url });
  return fitPost(text, ev.url, limits.maxLength, limits.linkLength);
}

export async function postAbout(db: Db, social: SocialPostsCapability<ConnectorContext>, ctx: ConnectorContext, event: DomainEvent): Promise<"delivered" | "skipped"> {
  const ev = (event.payload as { event: EventSnapshot }).event;
  const plan = await planFor(db, ctx.connection.id, event.type, ev);
  if (!plan) return "skipped";
  const cannot = social.cannotPost?.(ctx);
  if (cannot) throw Object.assign(new Error(`${social.network}: ${cannot}`), { permanent: true });
  const templates = await loadPostTemplates(db, ctx.connection.orgId, ctx.connection.connectorId);
  const text = postText(templates[plan.kind], ev, social);
  const claim = await claimPost(db, { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, eventId: ev.id, kind: plan.kind, subject: plan.subject, text, startsAt: ev.startsAt, endsAt: ev.endsAt });
  if (!claim) return "skipped";
  try {
    const result = await social.publish(ctx, { text: claim.text, link: ev.url, title: ev.title });
    await settlePost(db, claim.id, { status: result.posted ? "posted" : "duplicate", externalId: result.id, url: result.url });
  } catch (err) {
    await settlePost(db, claim.id, { status: "failed", error: String((err as Error)?.message ?? err).slice(0, 1000) });
    throw err;
  }
  return "delivered";
}
