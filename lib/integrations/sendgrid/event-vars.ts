// What every e-mail about an event fills in about it, the same in the confirmation
// and the reminder, in our templates and in the admin's dynamic ones.
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { formatInZone } from "@/lib/domain/time";
import { escapeHtml } from "../templates";

export function eventVars(ev: EventSnapshot) {
  return {
    event_title: ev.title,
    event_when: `${formatInZone(new Date(ev.startsAt), ev.timeZone)} (${ev.timeZone})`,
    event_venue: ev.venue || (ev.online ? "Online" : "to be announced"),
    event_url: ev.url,
    event_join_url: ev.meetingUrl ?? "",
  };
}

/**
 * An online event's e-mail always carries its join link: a template that does not
 * place {{event_join_url}} itself gets it as a last paragraph, so an admin's older
 * template never leaves an online attendee without the link.
 */
export function withJoinLink(html: string, templateBody: string, joinUrl: string): string {
  if (!joinUrl || /\{\{\s*event_join_url\s*\}\}/.test(templateBody)) return html;
  const url = escapeHtml(joinUrl);
  return `${html}\n<p>Join online: <a href="${url}">${url}</a></p>`;
}

/**
 * The buyer's link to the event's materials (lib/materials), for an event that
 * has any: added as a last paragraph unless the template places
 * {{materials_url}} itself, so templates written before materials existed get it.
 */
export function withMaterialsLink(html: string, templateBody: string, materialsUrl: string): string {
  if (!materialsUrl || /\{\{\s*materials_url\s*\}\}/.test(templateBody)) return html;
  return `${html}\n<p>The event's materials (slides, handouts): <a href="${escapeHtml(materialsUrl)}">open them</a>. The link is yours and works until 30 days after the event.</p>`;
}
