// Block Kit messages for the facts Slack hears.
import type { KnownBlock } from "@slack/web-api";
import type { DomainEvent, EventSnapshot } from "@/lib/domain/outbox/catalog";
import { formatOffset } from "@/lib/domain/reminders/offsets";
import { formatMoney } from "@/lib/domain/money";
import { formatInZone } from "@/lib/domain/time";

/** Slack's mrkdwn treats these three characters as markup. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function registrationMessage(event: DomainEvent<"registration.created"> | DomainEvent<"ticket.purchased">) {
  const { event: ev, order, attendees } = event.payload;
  const n = attendees.length;
  const verb = event.type === "ticket.purchased" ? "bought" : "registered for";
  const text = `${order.buyerName} ${verb} ${ev.title} (${n} ticket${n === 1 ? "" : "s"})`;
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: `:ticket: *${escapeMrkdwn(order.buyerName)}* ${verb} *<${ev.url}|${escapeMrkdwn(ev.title)}>*` } },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Tickets*\n${attendees.map((a) => escapeMrkdwn(a.ticketTypeName)).join(", ")}` },
        { type: "mrkdwn", text: `*Total*\n${formatMoney(order.totalMinor, order.currency)}` },
        { type: "mrkdwn", text: `*E-mail*\n${escapeMrkdwn(order.buyerEmail)}` },
        { type: "mrkdwn", text: `*When*\n${formatInZone(new Date(ev.startsAt), ev.timeZone)}` },
      ],
    },
  ];
  // One Check in button per ticket (an actions block holds at most 25); pressing it comes back to /api/webhooks/slack.
  const buttons = attendees.slice(0, MAX_BUTTONS).map((a) => ({
    type: "button" as const,
    action_id: CHECK_IN_ACTION,
    text: { type: "plain_text" as const, text: `Check in ${a.name}`.slice(0, 75) },
    value: a.id,
  }));
  if (buttons.length) blocks.push({ type: "actions", block_id: CHECK_IN_BLOCK, elements: buttons });
  return { text, blocks };
}

/** The Check in buttons' action id; their value is the attendee's id. */
export const CHECK_IN_ACTION = "check_in";
export const CHECK_IN_BLOCK = "check_in";
const MAX_BUTTONS = 25;

export function cancellationMessage(event: DomainEvent<"registration.cancelled">) {
  const { event: ev, order, attendees } = event.payload;
  const n = attendees.length;
  const text = `${order.buyerName}'s registration for ${ev.title} was cancelled (${n} ticket${n === 1 ? "" : "s"})`;
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: `:x: *${escapeMrkdwn(order.buyerName)}*'s registration for *<${ev.url}|${escapeMrkdwn(ev.title)}>* was cancelled` } },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Tickets*\n${attendees.map((a) => `${escapeMrkdwn(a.ticketTypeName)} (${escapeMrkdwn(a.name)})`).join(", ")}` },
        { type: "mrkdwn", text: `*E-mail*\n${escapeMrkdwn(order.buyerEmail)}` },
        { type: "mrkdwn", text: `*When*\n${formatInZone(new Date(ev.startsAt), ev.timeZone)}` },
      ],
    },
  ];
  return { text, blocks };
}

/**
 * The event's cover beside a section, when it has one. Slack fetches the image
 * itself, so this is the cover's public address (lib/files serves it once the
 * event is published).
 */
function coverAccessory(ev: EventSnapshot) {
  return ev.coverImageUrl ? { accessory: { type: "image" as const, image_url: ev.coverImageUrl, alt_text: `Cover image of ${ev.title}`.slice(0, 2000) } } : {};
}

export function publishedMessage(event: DomainEvent<"event.published">) {
  const ev = event.payload.event;
  const text = `${ev.title} is published`;
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: `Published: ${ev.title}`.slice(0, 150) } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*When* ${formatInZone(new Date(ev.startsAt), ev.timeZone)} (${escapeMrkdwn(ev.timeZone)})${ev.venue ? `\n*Where* ${escapeMrkdwn(ev.venue)}` : ""}\n*Places* ${ev.capacity}`,
      },
      ...coverAccessory(ev),
    },
    { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the event page" }, url: ev.url }] },
  ];
  return { text, blocks };
}

/** The heads-up before an event starts, at one of its reminder times. */
export function reminderHeadsUp(ev: EventSnapshot, offsetMinutes: number, coming: number) {
  const startsIn = formatOffset(offsetMinutes);
  const text = `${ev.title} starts in ${startsIn}: ${coming} coming`;
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `:alarm_clock: *<${ev.url}|${escapeMrkdwn(ev.title)}>* starts in ${startsIn}, ${formatInZone(new Date(ev.startsAt), ev.timeZone)} (${escapeMrkdwn(ev.timeZone)})${ev.venue ? ` at ${escapeMrkdwn(ev.venue)}` : ""}.\n*Coming* ${coming} of ${ev.capacity}`,
      },
      ...coverAccessory(ev),
    },
  ];
  return { text, blocks };
}

/** Slack channel names: lowercase, no spaces or periods, at most 80 characters. */
export function channelNameFor(slug: string): string {
  return `event-${slug}`.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 80);
}
