import type { Db } from "@/lib/db/client";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";

/** What a subscriber did with a fact it was handed. */
export type HandleOutcome = "delivered" | "skipped";

/**
 * Anything that reacts to domain events: the activity log, each enabled
 * integration connection, outbound webhook endpoints. The dispatcher gives each
 * one its own delivery row and job, so one failing subscriber never holds up another.
 */
export interface Subscriber {
  id: string;
  description: string;
  /**
   * Deliver this subscriber's facts one at a time, in order (a connection: the
   * calendar entry must exist before a registration adds a guest to it).
   */
  ordered?: boolean;
  handle(event: DomainEvent, ctx: { db: Db; attempt: number }): Promise<HandleOutcome | void>;
}

/** A subscriber known in advance, that decides per fact whether it wants it. */
export interface StaticSubscriber extends Subscriber {
  accepts(event: DomainEvent): boolean | Promise<boolean>;
}

/**
 * Where subscribers come from. Some are fixed (the activity log); others live in
 * the database (an organization's connections), so they are found per fact and
 * found again by id when their delivery runs.
 */
export interface SubscriberSource {
  subscribersFor(event: DomainEvent, db: Db): Promise<Subscriber[]>;
  resolve(id: string, db: Db): Promise<Subscriber | undefined>;
}

export function staticSource(list: StaticSubscriber[]): SubscriberSource {
  const byId = new Map(list.map((s) => [s.id, s]));
  return {
    async subscribersFor(event) {
      const out: Subscriber[] = [];
      for (const s of list) if (await s.accepts(event)) out.push(s);
      return out;
    },
    async resolve(id) {
      return byId.get(id);
    },
  };
}

/** An error that retrying cannot fix (refused credentials, a request the provider rejects). */
export function isPermanentFailure(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { permanent?: unknown }).permanent === true;
}
