// What a calendar connector does with the event facts, the same for every
// calendar: an entry made on publish, kept in step (a draft stays out unless it
// already has one), removed on cancel, and the buyer as a guest while the
// setting is on. Each connector brings only its provider's calls.
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import type { ConnectorContext, EventHandlers } from "./contract";

export interface CalendarEntryCalls<Ctx> {
  hasEntry(ctx: Ctx, eventId: string): Promise<boolean>;
  upsert(ctx: Ctx, event: EventSnapshot): Promise<unknown>;
  remove(ctx: Ctx, event: EventSnapshot): Promise<void>;
  addGuests(ctx: Ctx, event: EventSnapshot, guests: Array<{ email: string; name: string }>): Promise<void>;
  removeGuests(ctx: Ctx, event: EventSnapshot, emails: string[]): Promise<void>;
}

export function calendarEntryHandlers<Creds, Settings extends { addAttendeesAsGuests: boolean }>(
  calls: CalendarEntryCalls<ConnectorContext<Creds, Settings>>,
): EventHandlers<Creds, Settings> {
  return {
    async "event.published"(event, ctx) {
      await calls.upsert(ctx, event.payload.event);
    },
    async "event.updated"(event, ctx) {
      const ev = event.payload.event;
      // Drafts stay out of the calendar until published.
      if (ev.status === "published" || (await calls.hasEntry(ctx, ev.id))) await calls.upsert(ctx, ev);
    },
    "event.cancelled": (event, ctx) => calls.remove(ctx, event.payload.event),
    async "registration.created"(event, ctx) {
      if (!ctx.settings.addAttendeesAsGuests) return;
      await calls.addGuests(ctx, event.payload.event, [{ email: event.payload.order.buyerEmail, name: event.payload.order.buyerName }]);
    },
    async "registration.cancelled"(event, ctx) {
      // The buyer is the guest for the whole order: they leave once none of its tickets is left.
      if (!ctx.settings.addAttendeesAsGuests || event.payload.order.status !== "cancelled") return;
      await calls.removeGuests(ctx, event.payload.event, [event.payload.order.buyerEmail]);
    },
  };
}
