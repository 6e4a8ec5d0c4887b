// What the public page gives browsers, calendars and crawlers about an event:
// the .ics file, the calendar and share links, the JSON-LD and the preview text.
import { beforeAll, describe, expect, it } from "vitest";
import { eventIcs, icsFileName } from "@/lib/public-page/ics";
import { calendarLinks, shareLinks } from "@/lib/public-page/links";
import { eventJsonLd, jsonLdText, zonedIso } from "@/lib/public-page/json-ld";
import { previewDescription } from "@/lib/public-page/summary";

beforeAll(() => {
  process.env.APP_URL = "https://events.example.test";
});

const event = {
  id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
  slug: "summit-2030",
  title: "Summit; Day 1, Keynotes \\ more",
  description: "Doors at 8.\nBring your badge, please.",
  venue: "Hall 1; Messe, Zurich",
  starts_at: new Date("2030-06-01T07:00:00Z"),
  ends_at: new Date("2030-06-01T15:30:00Z"),
  time_zone: "Europe/Zurich",
  online: false,
  status: "published",
  org_name: "Acme Events",
  org_slug: "acme",
  updated_at: new Date("2030-01-02T03:04:05Z"),
  version: 1,
};

/** The unfolded content lines of an iCalendar text (RFC 5545, 3.1). */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, "").split("\r\n");
}

describe("the .ics file", () => {
  it("is RFC 5545: CRLF lines of at most 75 octets, UTC times, the event's URL and a stable UID", () => {
    const ics = eventIcs({ ...event, description: `${event.description} ${"long ".repeat(40)}` }, new Date("2030-02-03T04:05:06Z"));
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics).not.toMatch(/[^\r]\n/);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const lines = unfold(ics);
    expect(lines).toContain("VERSION:2.0");
    expect(lines).toContain("METHOD:PUBLISH");
    expect(lines).toContain("DTSTART:20300601T070000Z");
    expect(lines).toContain("DTEND:20300601T153000Z");
    // Made now (METHOD:PUBLISH), about an event last changed then, in its first version.
    expect(lines).toContain("DTSTAMP:20300203T040506Z");
    expect(lines).toContain("LAST-MODIFIED:20300102T030405Z");
    expect(lines).toContain("SEQUENCE:0");
    expect(lines).toContain(`UID:${event.id}@switchboard`);
    expect(lines).toContain("URL;VALUE=URI:https://events.example.test/e/summit-2030");
    expect(lines).toContain("STATUS:CONFIRMED");
  });

  it("escapes commas, semicolons, backslashes and newlines in text", () => {
    const lines = unfold(eventIcs(event));
    expect(lines).toContain("SUMMARY:Summit\\; Day 1\\, Keynotes \\\\ more");
    expect(lines).toContain("LOCATION:Hall 1\\; Messe\\, Zurich");
    expect(lines.find((l) => l.startsWith("DESCRIPTION:"))).toBe("DESCRIPTION:Doors at 8.\\nBring your badge\\, please.\\n\\nhttps://events.example.test/e/summit-2030");
  });

  it("marks a cancelled event cancelled, says Online for an online one, and names the file safely", () => {
    const lines = unfold(eventIcs({ ...event, status: "cancelled", venue: "", online: true }));
    expect(lines).toContain("STATUS:CANCELLED");
    // Cancelling is news to a calendar that holds the event: one step past its last version.
    expect(lines).toContain("SEQUENCE:1");
    expect(lines).toContain("LOCATION:Online");
    expect(icsFileName("summit-2030")).toBe("summit-2030.ics");
    expect(icsFileName('a"b/c')).toBe("a-b-c.ics");
  });
});

describe("calendar and share links", () => {
  it("fills Google Calendar's and Outlook's templates with UTC times, the place and the event's address", () => {
    const links = calendarLinks(event);
    expect(links.ics).toBe("/e/summit-2030/event.ics");
    const google = new URL(links.google);
    expect(google.origin + google.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(Object.fromEntries(google.searchParams)).toEqual({
      action: "TEMPLATE",
      text: event.title,
      dates: "20300601T070000Z/20300601T153000Z",
      details: `${event.description}\n\nhttps://events.example.test/e/summit-2030`,
      location: event.venue,
    });
    const outlook = new URL(links.outlook);
    expect(outlook.origin).toBe("https://outlook.live.com");
    expect(outlook.searchParams.get("startdt")).toBe("2030-06-01T07:00:00.000Z");
    expect(outlook.searchParams.get("enddt")).toBe("2030-06-01T15:30:00.000Z");
    expect(outlook.searchParams.get("subject")).toBe(event.title);
    expect(outlook.searchParams.get("location")).toBe(event.venue);
  });

  it("shares the event's address on X, LinkedIn and by e-mail", () => {
    const links = shareLinks(event);
    const x = new URL(links.x);
    expect([x.origin + x.pathname, x.searchParams.get("url"), x.searchParams.get("text")]).toEqual(["https://x.com/intent/post", "https://events.example.test/e/summit-2030", event.title]);
    expect(new URL(links.linkedin).searchParams.get("url")).toBe("https://events.example.test/e/summit-2030");
    expect(links.email).toBe(`mailto:?subject=${encodeURIComponent(event.title)}&body=${encodeURIComponent(`${event.title}\nhttps://events.example.test/e/summit-2030`)}`);
    expect(links.email).not.toContain("+");
  });
});

describe("schema.org Event JSON-LD", () => {
  const offers = [
    { name: "General", price_minor: 2500, currency: "CHF", left: 3 },
    { name: "Community", price_minor: 0, currency: "CHF", left: 0 },
    { name: "Yen", price_minor: 3000, currency: "JPY ", left: 1 },
  ];

  it("gives times in the event's zone, the place, offers with price and availability, and the organizer", () => {
    const ld = eventJsonLd(event, offers, "https://events.example.test/api/public/files/x");
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Event",
      name: event.title,
      url: "https://events.example.test/e/summit-2030",
      startDate: "2030-06-01T09:00:00+02:00",
      endDate: "2030-06-01T17:30:00+02:00",
      eventStatus: "https://schema.org/EventScheduled",
      eventAttendanceMode: "https://schema.org/OfflineEventAttendanceMode",
      location: { "@type": "Place", name: event.venue, address: event.venue },
      image: ["https://events.example.test/api/public/files/x"],
      organizer: { "@type": "Organization", name: "Acme Events", url: "https://events.example.test/o/acme" },
    });
    expect(ld.offers).toEqual([
      { "@type": "Offer", name: "General", price: "25.00", priceCurrency: "CHF", availability: "https://schema.org/InStock", url: "https://events.example.test/e/summit-2030" },
      { "@type": "Offer", name: "Community", price: "0.00", priceCurrency: "CHF", availability: "https://schema.org/SoldOut", url: "https://events.example.test/e/summit-2030" },
      { "@type": "Offer", name: "Yen", price: "3000", priceCurrency: "JPY", availability: "https://schema.org/InStock", url: "https://events.example.test/e/summit-2030" },
    ]);
  });

  it("says online and cancelled when the event is, and keeps a winter date's own offset", () => {
    const ld = eventJsonLd({ ...event, online: true, status: "cancelled" }, offers);
    expect(ld).toMatchObject({ eventStatus: "https://schema.org/EventCancelled", eventAttendanceMode: "https://schema.org/OnlineEventAttendanceMode", location: { "@type": "VirtualLocation", url: "https://events.example.test/e/summit-2030" } });
    expect((ld.offers as { availability: string }[]).every((o) => o.availability === "https://schema.org/SoldOut")).toBe(true);
    expect(ld).not.toHaveProperty("image");
    expect(zonedIso(new Date("2030-12-01T08:00:00Z"), "Europe/Zurich")).toBe("2030-12-01T09:00:00+01:00");
    expect(zonedIso(new Date("2030-12-01T08:00:00Z"), "America/New_York")).toBe("2030-12-01T03:00:00-05:00");
  });

  it("cannot end its script element: a title with </script> stays inside the JSON", () => {
    const hostile = { ...event, title: "</script><script>alert(1)</script> & <!-- \u2028" };
    const text = jsonLdText(eventJsonLd(hostile, offers));
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text).name).toBe(hostile.title);
  });
});

describe("the preview text", () => {
  it("starts with when and where and cuts a long description on a word", () => {
    expect(previewDescription(event)).toBe("1 Jun 2030, 09:00 (Europe/Zurich) · Hall 1; Messe, Zurich. Doors at 8. Bring your badge, please.");
    const long = previewDescription({ ...event, description: "word ".repeat(100) });
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith("word…")).toBe(true);
  });
});
