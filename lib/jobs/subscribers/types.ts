import type { Db } from "@/lib/db/client";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";

/**
 * Anything that reacts to domain events: the activity log now, connectors and
 * outbound webhook endpoints later. The dispatcher gives each accepted event its
 * own delivery row and job, so one failing subscriber never holds up another.
 */
export interface Subscriber {
  id: string;
  description: string;
  accepts(event: DomainEvent): boolean | Promise<boolean>;
  handle(event: DomainEvent, ctx: { db: Db; attempt: number }): Promise<void>;
}
