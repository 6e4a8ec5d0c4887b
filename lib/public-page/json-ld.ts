// schema.org Event for search engines and link previews (JSON-LD), with dates in
// the event's own time zone, where it happens (or that it is online), what a
// ticket costs and whether any are left, and who organizes it.
import { TZDate } from "@date-fns/tz";
import { minorUnitDigits } from "@/lib/domain/money";
import { eventPageUrl, organizationPageUrl, type LinkedEvent } from "./links";

export interface JsonLdEvent extends LinkedEvent {
  status: string;
  time_zone: string;
  org_name: string;
  org_slug: string;
}

export interface JsonLdOffer {
  name: string;
  price_minor: number;
  currency: string;
  left: number;
}

/** 2030-06-01T09:00:00+02:00: the wall-clock time where the event happens, with its offset, as schema.org's examples give it. */
export function zonedIso(instant: Date, timeZone: string): string {
  return new TZDate(instant.getTime(), timeZone).toISOString().replace(/\.\d{3}/, "");
}

function decimalPrice(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

export function eventJsonLd(ev: JsonLdEvent, offers: readonly JsonLdOffer[], image?: string): Record<string, unknown> {
  const url = eventPageUrl(ev.slug);
  const location = ev.online
    ? { "@type": "VirtualLocation", url }
    : ev.venue
      ? { "@type": "Place", name: ev.venue, address: ev.venue }
      : undefined;
  return {
    "@context": "https://schema.org",
    "@type": "Event",
    name: ev.title,
    ...(ev.description ? { description: ev.description } : {}),
    url,
    startDate: zonedIso(ev.starts_at, ev.time_zone),
    endDate: zonedIso(ev.ends_at, ev.time_zone),
    eventStatus: ev.status === "cancelled" ? "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
    eventAttendanceMode: ev.online ? "https://schema.org/OnlineEventAttendanceMode" : "https://schema.org/OfflineEventAttendanceMode",
    ...(location ? { location } : {}),
    ...(image ? { image: [image] } : {}),
    organizer: { "@type": "Organization", name: ev.org_name, url: organizationPageUrl(ev.org_slug) },
    offers: offers.map((o) => ({
      "@type": "Offer",
      name: o.name,
      price: decimalPrice(o.price_minor, o.currency.trim()),
      priceCurrency: o.currency.trim(),
      availability: o.left > 0 && ev.status !== "cancelled" ? "https://schema.org/InStock" : "https://schema.org/SoldOut",
      url,
    })),
  };
}

/**
 * The JSON for inside <script type="application/ld+json">. JSON.stringify alone
 * is not enough there: a title holding "</script>" would end the element and the
 * rest would be parsed as HTML. <, > and & are written as \u escapes (still the
 * same JSON), and so are U+2028/U+2029 for old parsers.
 */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
