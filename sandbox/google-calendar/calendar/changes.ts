// Every write to an event, from the API or from a person "in the calendar", ends
// here: the change counter moves (so the next incremental sync returns the event)
// and the channels watching its calendar are told.
import type { Runtime } from "../../core/context";
import { announceChange } from "../push/notify";
import type { GoogleCalendarState, StoredEvent } from "../state";

export function recordChange(rt: Runtime, state: GoogleCalendarState, event: StoredEvent): void {
  event.seq = ++state.changeSeq;
  announceChange(rt, state, event.calendarId);
}
