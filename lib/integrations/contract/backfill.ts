// The backfill capability: a connector catching up with orders paid before it was
// connected. The generic runner (lib/backfills) walks the organization's past
// orders in batches through the job queue and hands each to `order`; the
// connector books it as its outbox handlers would, finding what it booked before
// by its own lookups, so a resumed or repeated backfill never books twice.
import type { AttendeeSnapshot, DomainEventPayload } from "@/lib/domain/outbox/catalog";

export interface PastOrder {
  /** The order as ticket.purchased told it, with every ticket it sold. */
  sale: DomainEventPayload<"ticket.purchased">;
  /** The tickets since refunded (empty when none were). */
  refunded: AttendeeSnapshot[];
}

export interface BackfillCapability<Ctx> {
  /** What the settings page offers to catch up: "Book past paid orders in QuickBooks". */
  label: string;
  /** Books one past order; throws when the provider refused it (the runner counts it and goes on). */
  order(ctx: Ctx, past: PastOrder): Promise<void>;
}
