// A ticket code is 16 hex characters (attendees.ticket_code, made by the database).
// People read it in groups of four; a typed code is accepted however it was
// spaced, dashed or cased, so the door never refuses a ticket over formatting.
const CANONICAL = /^[0-9A-F]{16}$/;

/** "1A2B3C4D5E6F7A8B" → "1A2B-3C4D-5E6F-7A8B". */
export function formatTicketCode(code: string): string {
  return code.toUpperCase().match(/.{1,4}/g)?.join("-") ?? "";
}

/** A typed or scanned code → its canonical form, or null when it cannot be a ticket code. */
export function parseTicketCode(input: string): string | null {
  const compact = input.replace(/[\s\-‐‑–—_.]/g, "").toUpperCase();
  return CANONICAL.test(compact) ? compact : null;
}
