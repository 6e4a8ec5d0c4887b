// The tickets of one order as one PDF, a page per valid (paid) ticket: what the
// attendee shows at the door. The QR code is drawn as vector squares, so it stays
// sharp at any print size.
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import type { Db } from "@/lib/db/client";
import { formatTicketCode } from "./code";
import { ticketQr } from "./qr";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.35, 0.4, 0.47);

async function orderTickets(db: Db, orgId: string, orderId: string) {
  const order = await db
    .selectFrom("orders")
    .innerJoin("events", "events.id", "orders.event_id")
    .select(["orders.id", "events.title", "events.starts_at", "events.ends_at", "events.time_zone", "events.language", "events.venue", "events.online", "events.meeting_url"])
    .where("orders.id", "=", orderId)
    .where("orders.org_id", "=", orgId)
    .executeTakeFirst();
  if (!order) return null;
  const tickets = await db
    .selectFrom("attendees")
    .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
    .select(["attendees.name", "attendees.ticket_code", "ticket_types.name as ticket_type_name"])
    .where("attendees.order_id", "=", orderId)
    .where("attendees.org_id", "=", orgId)
    .where("attendees.status", "=", "paid")
    .orderBy("attendees.created_at")
    .orderBy("attendees.id")
    .execute();
  return { order, tickets };
}

type Order = NonNullable<Awaited<ReturnType<typeof orderTickets>>>["order"];

/** "Saturday 1 June 2030, 09:00 – 17:00 (Europe/Zurich)", on the event's own wall clock. */
export function eventWhen(ev: Pick<Order, "starts_at" | "ends_at" | "time_zone" | "language">): string {
  const locale = ev.language || "en-GB";
  const day = new Intl.DateTimeFormat(locale, { timeZone: ev.time_zone, dateStyle: "full" });
  const time = new Intl.DateTimeFormat(locale, { timeZone: ev.time_zone, timeStyle: "short" });
  const sameDay = day.format(ev.starts_at) === day.format(ev.ends_at);
  const end = sameDay ? time.format(ev.ends_at) : `${day.format(ev.ends_at)}, ${time.format(ev.ends_at)}`;
  return `${day.format(ev.starts_at)}, ${time.format(ev.starts_at)} – ${end} (${ev.time_zone})`;
}

/** The standard PDF fonts cover Latin-1 only: other characters become "?" rather than failing the whole PDF. */
function printable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet());
  return [...text.replace(/\s/g, " ")].map((ch) => (known.has(ch.codePointAt(0)!) ? ch : "?")).join("");
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of printable(font, text).split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

function drawTicket(page: PDFPage, fonts: Fonts, order: PrintedEvent, t: PrintedTicket) {
  const [w, h] = A4;
  const width = w - 2 * MARGIN;
  let y = h - MARGIN;
  const text = (s: string, size: number, font: PDFFont, color = INK, gap = 6) => {
    for (const line of wrap(font, s, size, width)) {
      y -= size;
      page.drawText(line, { x: MARGIN, y, size, font, color });
      y -= gap;
    }
  };
  text("TICKET", 10, fonts.bold, MUTED, 10);
  text(order.title, 26, fonts.bold, INK, 8);
  y -= 6;
  text(eventWhen(order), 12, fonts.regular);
  if (order.online) {
    text("Online", 12, fonts.bold, INK, 4);
    if (order.meeting_url) text(order.meeting_url, 10, fonts.regular, MUTED);
  } else if (order.venue) text(order.venue, 12, fonts.regular);
  y -= 18;
  text(t.name, 20, fonts.bold, INK, 4);
  text(t.ticket_type_name, 14, fonts.regular, MUTED);

  const qr = ticketQr(t.ticket_code);
  const quiet = 4;
  const side = 220;
  const cell = side / (qr.size + 2 * quiet);
  const left = (w - side) / 2;
  const top = y - 24;
  page.drawRectangle({ x: left, y: top - side, width: side, height: side, color: rgb(1, 1, 1) });
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) {
      if (!qr.dark(r, c)) continue;
      page.drawRectangle({ x: left + (c + quiet) * cell, y: top - (r + quiet + 1) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
  const code = formatTicketCode(t.ticket_code);
  const codeSize = 18;
  page.drawText(code, { x: (w - fonts.mono.widthOfTextAtSize(code, codeSize)) / 2, y: top - side - 28, size: codeSize, font: fonts.mono, color: INK });
  const hint = "Show this code at the entrance. It admits one person once.";
  page.drawText(hint, { x: (w - fonts.regular.widthOfTextAtSize(hint, 10)) / 2, y: top - side - 50, size: 10, font: fonts.regular, color: MUTED });
}

/** A ticket as printed: who holds it, of which type, and its code. */
export interface PrintedTicket {
  name: string;
  ticket_code: string;
  ticket_type_name: string;
}

export type PrintedEvent = Omit<Order, "id">;

/** The PDF for these tickets of this event, a page each. */
export async function renderTicketPdf(event: PrintedEvent, tickets: PrintedTicket[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.CourierBold),
  };
  doc.setTitle(`Tickets: ${event.title}`);
  doc.setProducer("Switchboard");
  for (const t of tickets) drawTicket(doc.addPage(A4), fonts, event, t);
  return doc.save();
}

/**
 * One PDF with a page per valid ticket of the order, or null when the order is
 * not the organization's or has no valid ticket (pending, refunded, cancelled).
 */
export async function ticketPdf(db: Db, orgId: string, orderId: string): Promise<Uint8Array | null> {
  const found = await orderTickets(db, orgId, orderId);
  if (!found || found.tickets.length === 0) return null;
  return renderTicketPdf(found.order, found.tickets);
}
