// The public addresses of an event and its organizer, and the plain links that
// put the event in someone's calendar or share it. Plain links on purpose: no
// third-party script or widget, so the page's CSP stays as it is and nobody is
// tracked by a share button they never pressed.
import { appUrl } from "@/lib/config";

export interface LinkedEvent {
  slug: string;
  title: string;
  description: string;
  venue: string;
  starts_at: Date;
  ends_at: Date;
  online: boolean;
}

export function eventPageUrl(slug: string): string {
  return `${appUrl()}/e/${encodeURIComponent(slug)}`;
}

export function organizationPath(orgSlug: string): string {
  return `/o/${encodeURIComponent(orgSlug)}`;
}

export function organizationPageUrl(orgSlug: string): string {
  return `${appUrl()}${organizationPath(orgSlug)}`;
}

/** 20300601T070000Z: the UTC basic form Google Calendar's template link takes. */
function basicUtc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** What the calendar entry says: the description, then where to find the event. */
function details(ev: LinkedEvent): string {
  return [ev.description.trim(), eventPageUrl(ev.slug)].filter(Boolean).join("\n\n");
}

function where(ev: LinkedEvent): string {
  return ev.venue || (ev.online ? "Online" : "");
}

export interface CalendarLinks {
  /** Our own .ics file, for Apple Calendar, Outlook on the desktop and anything else. */
  ics: string;
  google: string;
  outlook: string;
}

export function calendarLinks(ev: LinkedEvent): CalendarLinks {
  const google = new URL("https://calendar.google.com/calendar/render");
  google.search = new URLSearchParams({ action: "TEMPLATE", text: ev.title, dates: `${basicUtc(ev.starts_at)}/${basicUtc(ev.ends_at)}`, details: details(ev), location: where(ev) }).toString();
  const outlook = new URL("https://outlook.live.com/calendar/0/deeplink/compose");
  outlook.search = new URLSearchParams({
    path: "/calendar/action/compose",
    rru: "addevent",
    subject: ev.title,
    startdt: ev.starts_at.toISOString(),
    enddt: ev.ends_at.toISOString(),
    body: details(ev),
    location: where(ev),
  }).toString();
  return { ics: `/e/${encodeURIComponent(ev.slug)}/event.ics`, google: google.toString(), outlook: outlook.toString() };
}

export interface ShareLinks {
  x: string;
  linkedin: string;
  email: string;
}

export function shareLinks(ev: LinkedEvent): ShareLinks {
  const url = eventPageUrl(ev.slug);
  const x = new URL("https://x.com/intent/post");
  x.search = new URLSearchParams({ text: ev.title, url }).toString();
  const linkedin = new URL("https://www.linkedin.com/sharing/share-offsite/");
  linkedin.search = new URLSearchParams({ url }).toString();
  // mailto wants %20, not "+", for spaces (RFC 6068), so this one is encoded by hand.
  const email = `mailto:?subject=${encodeURIComponent(ev.title)}&body=${encodeURIComponent(`${ev.title}\n${url}`)}`;
  return { x: x.toString(), linkedin: linkedin.toString(), email };
}
