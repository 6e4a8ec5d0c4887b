// Ticket codes as people type them, the QR code that carries them, and the PDF
// an attendee shows at the door: read back the way a scanner reads it.
import { describe, expect, it } from "vitest";
import { formatTicketCode, parseTicketCode } from "@/lib/tickets/code";
import { renderTicketPdf, eventWhen, type PrintedEvent } from "@/lib/tickets/pdf";
import { ticketQr } from "@/lib/tickets/qr";
import { checkedInWhen } from "@/lib/tickets/validate";
import { usesCamera } from "@/lib/headers/security";
import { decodeModules, readTicketPdf } from "../helpers/pdf-qr";

const event: PrintedEvent = {
  title: "Zürich Launch Night — 東京 edition",
  starts_at: new Date("2030-06-01T16:00:00Z"),
  ends_at: new Date("2030-06-01T20:30:00Z"),
  time_zone: "Europe/Zurich",
  language: "en-GB",
  venue: "Hall 1, Limmatstrasse 5",
  online: false,
  meeting_url: null,
};

describe("ticket codes", () => {
  it("shows a code in groups of four", () => {
    expect(formatTicketCode("1A2B3C4D5E6F7A8B")).toBe("1A2B-3C4D-5E6F-7A8B");
    expect(formatTicketCode("1a2b3c4d5e6f7a8b")).toBe("1A2B-3C4D-5E6F-7A8B");
  });

  it("takes a typed code with or without dashes and spaces, in any case", () => {
    for (const typed of ["1A2B3C4D5E6F7A8B", "1a2b-3c4d-5e6f-7a8b", " 1A2B 3C4D 5E6F 7A8B ", "1a2b–3c4d–5e6f–7a8b", "1A2B.3C4D.5E6F.7A8B"]) {
      expect(parseTicketCode(typed), typed).toBe("1A2B3C4D5E6F7A8B");
    }
  });

  it("refuses what cannot be a code", () => {
    for (const bad of ["", "1A2B-3C4D-5E6F", "1A2B3C4D5E6F7A8B9", "1A2B3C4D5E6F7A8G", "https://example.test/1A2B3C4D5E6F7A8B", "1A2B3C4D5E6F7A8B' or 1=1"]) {
      expect(parseTicketCode(bad), bad).toBeNull();
    }
  });
});

describe("the QR code", () => {
  it("holds just the code, and decodes to it", () => {
    const qr = ticketQr("0F1E2D3C4B5A6978");
    const quiet = 4;
    const n = qr.size + 2 * quiet;
    const decoded = decodeModules(n, (r, c) => r >= quiet && c >= quiet && r < qr.size + quiet && c < qr.size + quiet && qr.dark(r - quiet, c - quiet));
    expect(decoded).toBe("0F1E2D3C4B5A6978");
  });
});

describe("the ticket PDF", () => {
  it("has a page per ticket, each QR decoding to its own code, with who, what, when and where in words", async () => {
    const tickets = [
      { name: "Ada Lovelace", ticket_code: "00112233445566AA", ticket_type_name: "General" },
      { name: "Grace Hopper", ticket_code: "FFEEDDCCBBAA9988", ticket_type_name: "VIP" },
    ];
    const pages = await readTicketPdf(await renderTicketPdf(event, tickets));
    expect(pages).toHaveLength(2);
    expect(pages.map((p) => p.qr)).toEqual(["00112233445566AA", "FFEEDDCCBBAA9988"]);
    expect(pages[0]!.text).toContain("Ada Lovelace");
    expect(pages[0]!.text).toContain("0011-2233-4455-66AA");
    expect(pages[1]!.text).toContain("VIP");
    expect(pages[0]!.text).toContain("Hall 1, Limmatstrasse 5");
    // 16:00 UTC is 18:00 in Zurich in summer: the event's own clock.
    expect(pages[0]!.text).toContain("18:00");
    expect(pages[0]!.text).toContain("(Europe/Zurich)");
    // Characters the standard fonts lack become "?" instead of failing the PDF.
    expect(pages[0]!.text).toContain("Zürich Launch Night");
    expect(pages[0]!.text).toContain("??");
  });

  it("says Online with the join link for an online event", async () => {
    const pages = await readTicketPdf(await renderTicketPdf({ ...event, venue: "", online: true, meeting_url: "https://meet.example.test/j/123" }, [{ name: "Ada", ticket_code: "00112233445566AA", ticket_type_name: "General" }]));
    expect(pages[0]!.text).toContain("Online");
    expect(pages[0]!.text).toContain("https://meet.example.test/j/123");
  });

  it("writes an event spanning days with both dates", () => {
    const when = eventWhen({ ...event, ends_at: new Date("2030-06-03T15:00:00Z") });
    expect(when).toMatch(/1 June 2030, 18:00 – .*3 June 2030, 17:00 \(Europe\/Zurich\)/);
  });
});

describe("at the door", () => {
  it("tells the check-in time on the event's clock, with the date when not today", () => {
    const at = new Date("2030-06-01T16:05:00Z");
    expect(checkedInWhen(at, "Europe/Zurich", new Date("2030-06-01T18:00:00Z"))).toBe("18:05");
    expect(checkedInWhen(at, "Europe/Zurich", new Date("2030-06-03T18:00:00Z"))).toBe("18:05 on 1 Jun 2030");
  });

  it("allows the camera on the check-in page only", () => {
    expect(usesCamera("/events/0b5e3c3e-4a57-4c1e-9f0a-0c0f1d2e3f40/check-in")).toBe(true);
    expect(usesCamera("/events/0b5e3c3e-4a57-4c1e-9f0a-0c0f1d2e3f40")).toBe(false);
    expect(usesCamera("/e/launch/check-in")).toBe(false);
  });
});
