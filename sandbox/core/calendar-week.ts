// The calendar entries a provider shows on the inbox's shared week view, and the
// change a person makes to one "in the calendar" (the provider's own UI, which the
// sandbox stands in for). Providers declare both through ProviderModule.calendar.
import type { Runtime } from "./context";

export interface WeekEntry {
  /** The provider's id of the entry; what POST /_sandbox/calendar/entries/<id>/edit names. */
  id: string;
  /** Its label on the week view: "Google Calendar", "Outlook". */
  provider: string;
  /** The calendar it is in, by name. */
  calendar: string;
  title: string;
  /** As written in the entry: a date and time with its offset, or a date (all day). */
  start: string;
  end: string;
  timeZone?: string;
  location?: string;
  /** The online meeting's join link, when it has one. */
  joinUrl?: string;
  cancelled?: boolean;
}

/** What a person changes; a field left out stays as it is. */
export interface EntryChange {
  startsAt?: string;
  endsAt?: string;
  title?: string;
  /** "" clears it. */
  location?: string;
  remove?: true;
}

export interface CalendarHook<S> {
  entries(state: S): WeekEntry[];
  /**
   * Applies a person's change made in the calendar and tells the app as the provider
   * would (its push notifications). False when the provider has no such entry.
   */
  edit(rt: Runtime, state: S, entryId: string, change: EntryChange): Promise<boolean> | boolean;
}
