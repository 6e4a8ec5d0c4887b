// Validating a ticket at the door: one answer out of a fixed list, each with a
// sentence the person at the door can act on. Checking in goes through the
// domain's checkInOnce, so ten scanners on one ticket make one check-in and one
// attendee.checked_in fact.
import type { Db } from "@/lib/db/client";
import { checkInOnce } from "@/lib/domain/attendees/service";
import { ConflictError } from "@/lib/domain/errors";
import { assertNotUsedUp, consume } from "@/lib/rate-limit";
import { parseTicketCode, formatTicketCode } from "./code";
import { findTicketByCode, type FoundTicket } from "./lookup";

export const TICKET_OUTCOMES = ["checked_in", "already_checked_in", "valid", "refunded", "cancelled", "pending", "wrong_event", "not_found"] as const;
export type TicketOutcome = (typeof TICKET_OUTCOMES)[number];

export interface TicketValidation {
  outcome: TicketOutcome;
  /** Whether the holder may come in: checked in now, or valid and not checked in yet (checkIn: false). */
  admit: boolean;
  message: string;
  ticket: {
    code: string;
    attendeeId: string;
    attendeeName: string;
    ticketType: string;
    eventId: string;
    eventTitle: string;
    checkedInAt: string | null;
  } | null;
}

export interface ValidateOptions {
  /** The event being checked in; a ticket of another event is wrong_event. */
  eventId?: string;
  /** false only looks the ticket up. */
  checkIn: boolean;
}

/** "14:05" on the event's wall clock, with the date when it was not today there. */
export function checkedInWhen(at: Date, timeZone: string, now = new Date()): string {
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" }).format(d);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" }).format(at);
  if (day(at) === day(now)) return time;
  return `${time} on ${new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric" }).format(at)}`;
}

function answer(outcome: TicketOutcome, t: FoundTicket | null, message: string, checkedInAt: Date | null = t?.checked_in_at ?? null): TicketValidation {
  return {
    outcome,
    admit: outcome === "checked_in" || outcome === "valid",
    message,
    ticket: t && {
      code: formatTicketCode(t.ticket_code),
      attendeeId: t.id,
      attendeeName: t.name,
      ticketType: t.ticket_type_name,
      eventId: t.event_id,
      eventTitle: t.event_title,
      checkedInAt: checkedInAt ? checkedInAt.toISOString() : null,
    },
  };
}

/** The answer for a ticket that is not (or no longer) good for entry, or null when it is. */
function refusal(t: FoundTicket, eventId: string | undefined): TicketValidation | null {
  const who = `${t.name} (${t.ticket_type_name})`;
  if (eventId && t.event_id !== eventId) return answer("wrong_event", t, `Not for this event: this ticket is for “${t.event_title}”. Do not admit.`);
  if (t.status === "refunded") return answer("refunded", t, `Refunded: ${who}'s ticket was refunded and is no longer valid. Do not admit.`);
  if (t.status === "cancelled" && t.transferred_to) {
    return answer("cancelled", t, `Transferred: this ticket was passed on from ${t.name} to someone else and is no longer valid; the new holder has a ticket with its own code. Do not admit.`);
  }
  if (t.status === "cancelled") return answer("cancelled", t, `Cancelled: ${who}'s ticket was cancelled and is no longer valid. Do not admit.`);
  if (t.status === "pending") return answer("pending", t, `Not paid: the payment for ${who}'s ticket has not been confirmed yet. Ask them to show the confirmation e-mail, or check the order.`);
  return null;
}

function alreadyIn(t: FoundTicket, at: Date): TicketValidation {
  return answer("already_checked_in", t, `Already checked in at ${checkedInWhen(at, t.time_zone)}: ${t.name} (${t.ticket_type_name}) came in before with this ticket.`, at);
}

export async function validateTicket(db: Db, orgId: string, input: string, opts: ValidateOptions): Promise<TicketValidation> {
  const code = parseTicketCode(input);
  if (!code) return answer("not_found", null, "This is not a ticket code. A code has 16 letters and digits (0–9, A–F), like 1A2B-3C4D-5E6F-7A8B.");
  const t = await findTicketByCode(db, orgId, code);
  if (!t) return answer("not_found", null, `No ticket has the code ${formatTicketCode(code)}. Check it against the ticket and try again.`);
  const refused = refusal(t, opts.eventId);
  if (refused) return refused;
  if (t.checked_in_at) return alreadyIn(t, t.checked_in_at);
  if (!opts.checkIn) return answer("valid", t, `Valid: ${t.name} (${t.ticket_type_name}) has not checked in yet.`);
  try {
    const { attendee, already } = await checkInOnce(db, orgId, t.id);
    if (already) return alreadyIn(t, attendee.checked_in_at!);
    return answer("checked_in", t, `Checked in: ${t.name} (${t.ticket_type_name}). Welcome!`, attendee.checked_in_at);
  } catch (err) {
    // Refunded or cancelled between the look-up and the check-in: answer with the state it is in now.
    if (!(err instanceof ConflictError)) throw err;
    const now = await findTicketByCode(db, orgId, code);
    const refusedNow = now && refusal(now, opts.eventId);
    if (refusedNow) return refusedNow;
    throw err;
  }
}

/**
 * validateTicket for a route: a code that matches no ticket counts against the
 * asker (a member or an API key), and once too many have missed, every code is
 * refused for a while. Codes are 64 random bits, so this only stops someone
 * trying them at scale; a door that scans real tickets never gets near it.
 */
export async function validateTicketLimited(db: Db, orgId: string, asker: string, code: string, opts: ValidateOptions): Promise<TicketValidation> {
  const key = `${orgId}:${asker}`;
  await assertNotUsedUp("ticket_code_miss", key, db);
  const result = await validateTicket(db, orgId, code, opts);
  if (result.outcome === "not_found") await consume("ticket_code_miss", key, db);
  return result;
}
