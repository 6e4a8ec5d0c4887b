// The built-in subscriber: every fact lands in the organization's activity log,
// which admins read at /settings/activity. It also proves the outbox → dispatcher
// → subscriber path end to end.
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import type { StaticSubscriber } from "@/lib/domain/outbox/subscribers";
import { formatOffset } from "@/lib/domain/reminders/offsets";

export function summarize(event: DomainEvent): string {
  if (event.type.startsWith("membership.")) {
    const { membership } = event.payload as { membership: { name: string; email: string; planName: string } };
    return `${membership.name} <${membership.email}>: membership of ${membership.planName} ${event.type.slice("membership.".length).replace("_", " ")}`;
  }
  const p = event.payload as Record<string, unknown> & { event: { title: string } };
  const title = p.event.title;
  switch (event.type) {
    case "registration.created":
    case "registration.cancelled":
    case "ticket.purchased":
    case "ticket.refunded": {
      const { order, attendees } = p as unknown as { order: { buyerName: string; buyerEmail: string }; attendees: unknown[] };
      const n = attendees.length;
      const verb = { "registration.created": "registered for", "registration.cancelled": "cancelled", "ticket.purchased": "bought tickets for", "ticket.refunded": "was refunded for" }[event.type];
      return `${order.buyerName} <${order.buyerEmail}> ${verb} ${title} (${n} ticket${n === 1 ? "" : "s"})`;
    }
    case "attendee.checked_in": {
      const { attendee } = p as unknown as { attendee: { name: string } };
      return `${attendee.name} checked in at ${title}`;
    }
    case "attendee.check_in_undone": {
      const { attendee } = p as unknown as { attendee: { name: string } };
      return `${attendee.name}'s check-in at ${title} was undone`;
    }
    case "ticket.transferred": {
      const { from, to } = p as unknown as { from: { name: string; email: string }; to: { name: string; email: string } };
      return `${from.name} <${from.email}>'s ticket for ${title} was transferred to ${to.name} <${to.email}>`;
    }
    case "event.reminder": {
      const { attendee, reminder } = p as unknown as { attendee: { name: string; email: string }; reminder: { offsetMinutes: number } };
      return `Reminder to ${attendee.name} <${attendee.email}>: ${title} starts in ${formatOffset(reminder.offsetMinutes)}`;
    }
    default:
      return `${title}: ${event.type.replace("event.", "")}`;
  }
}

export const activityLogSubscriber: StaticSubscriber = {
  id: "activity-log",
  description: "Records every domain event in the organization's activity log",
  accepts: () => true,
  async handle(event, { db }) {
    await db
      .insertInto("activity_log")
      .values({ org_id: event.orgId, domain_event_id: event.id, type: event.type, summary: summarize(event) })
      .onConflict((oc) => oc.column("domain_event_id").doNothing())
      .execute();
  },
};
