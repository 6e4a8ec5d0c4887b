// Sync tokens: opaque to the client, to the sandbox the calendar they belong to, the
// change count they were issued at and the generation of tokens they are from (the
// control API's invalidate raises it, as Google expires tokens now and then).
import type { GoogleCalendarState } from "../state";

interface SyncPoint {
  calendarId: string;
  seq: number;
  generation: number;
}

export function issueSyncToken(state: GoogleCalendarState, calendarId: string, seq: number): string {
  return Buffer.from(JSON.stringify({ c: calendarId, s: seq, g: state.syncGeneration })).toString("base64url");
}

/** The point a token marks, or null for text that was never a token. */
export function readSyncToken(token: string): SyncPoint | null {
  try {
    const v = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { c?: unknown; s?: unknown; g?: unknown };
    if (typeof v.c !== "string" || !Number.isInteger(v.s) || !Number.isInteger(v.g)) return null;
    return { calendarId: v.c, seq: v.s as number, generation: v.g as number };
  } catch {
    return null;
  }
}

/** Whether a token still works for this calendar: Google answers 410 to one it no longer honours. */
export function syncTokenValid(state: GoogleCalendarState, point: SyncPoint, calendarId: string): boolean {
  return point.generation === state.syncGeneration && point.calendarId === calendarId && point.seq <= state.changeSeq;
}
