// The calendar capabilities: two-way sync of the entries a connector keeps for
// events, and free/busy. The generic engine (lib/calendar-sync) opens and renews
// the push channel, reads the changes, decides by the connection's policy and
// logs every decision; lib/free-busy asks every connected calendar at once. A
// connector only speaks its provider's API in these terms.
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";

/** Which side wins when an organizer edits a Switchboard entry in their calendar; "off" ignores such edits. */
export type CalendarSyncPolicy = "switchboard" | "calendar" | "off";

/** A push channel at the provider (a Google watch channel, a Graph subscription). */
export interface CalendarChannel {
  /** The provider's id for it (Google: the channel id we chose; Graph: the subscription id it gave). */
  id: string;
  /**
   * The calendar it watches, as the provider names it (Google's resourceId, Graph's
   * subscription resource): a new channel on the same resource reads on from the
   * last one's cursor, one on another calendar starts afresh. Google also needs it to stop a channel.
   */
  resourceId?: string;
  /** ISO time the provider stops sending to it unless it is renewed. */
  expiresAt: string;
}

/** One entry as the calendar holds it now, in our terms; only entries the connector made for events are reported. */
export interface CalendarEntryState {
  /** The event the entry is for (the connector knows it from its own records or the entry's id). */
  eventId: string;
  entryId: string;
  /** The provider's version of the entry (Google etag, Graph changeKey): our own writes record theirs, so they never come back as changes. */
  version: string;
  /** Deleted or cancelled in the calendar. */
  removed: boolean;
  title?: string;
  /** ISO instants. */
  startsAt?: string;
  endsAt?: string;
  location?: string;
}

/** Thrown by changes() when the provider no longer accepts the cursor (Google's 410 Gone, Graph's expired delta): the engine does a full sync. */
export class SyncCursorExpiredError extends Error {
  constructor(message = "The calendar's change cursor expired; a full sync is needed") {
    super(message);
    this.name = "SyncCursorExpiredError";
  }
}

export interface CalendarSyncCapability<Ctx> {
  /** The connection's choice (a settings field of the connector). */
  policy(ctx: Ctx): CalendarSyncPolicy;
  /**
   * Opens a push channel on the chosen calendar's events. `notificationUrl` is our
   * callback route for this connection; `secret` must come back with every
   * notification (Google's channel token, Graph's clientState); `channelId` is a
   * fresh UUID a provider that lets the caller name the channel uses.
   */
  watch(ctx: Ctx, input: { notificationUrl: string; secret: string; channelId: string }): Promise<CalendarChannel>;
  /** Extends a channel before it expires where the provider can (Graph); absent: the engine opens a new one and stops the old. */
  renew?(ctx: Ctx, channel: CalendarChannel): Promise<CalendarChannel>;
  /** Stops a channel; one the provider no longer knows counts as stopped. */
  stop(ctx: Ctx, channel: CalendarChannel): Promise<void>;
  /**
   * The entries changed since `cursor` (Google's syncToken, Graph's deltaLink),
   * and the cursor to ask from next time. A null cursor is a full sync: every
   * current entry, and the cursor. Throws SyncCursorExpiredError when the cursor
   * is no longer accepted.
   */
  changes(ctx: Ctx, cursor: string | null): Promise<{ entries: CalendarEntryState[]; cursor: string }>;
  /** Writes the event as Switchboard has it onto its entry (recreating a deleted one); returns the entry's new version. */
  restore(ctx: Ctx, event: EventSnapshot): Promise<{ version: string }>;
}

/** A busy interval in one of the calendars asked. */
export interface BusyInterval {
  /** ISO instants. */
  start: string;
  end: string;
  /** The calendar's name as a person knows it (the calendar's summary, a room's name). */
  calendar: string;
}

/** A calendar the provider could not answer for (a room id it does not know) while it answered for the others. */
export interface UncheckedCalendar {
  calendar: string;
  /** In words, for the admin: "Google does not know this calendar". */
  reason: string;
}

/** The busy times, and the calendars asked that could not be checked; a bare list means every calendar was checked. */
export interface FreeBusyAnswer {
  busy: BusyInterval[];
  unchecked: UncheckedCalendar[];
}

export interface FreeBusyCapability<Ctx> {
  /** Busy times between from and to in the connection's chosen calendar and the resource or room calendars in its settings. */
  busy(ctx: Ctx, range: { from: string; to: string }, signal: AbortSignal): Promise<BusyInterval[] | FreeBusyAnswer>;
}
