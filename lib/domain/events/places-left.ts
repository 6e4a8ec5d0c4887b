// The places an event still offers, as the public page counts them: a ticket
// type has its own quantity, and the event its capacity; both must have room.
// Counted for showing only: an order is counted again under the event's lock.

/** A ticket type with its places taken (pending and paid tickets), as a count query returns it. */
export interface CountedType {
  quantity: number;
  taken: string | number | null;
}

/** What one type has left of its own quantity, whatever the event has. */
export function typeLeft(t: CountedType): number {
  return Math.max(0, t.quantity - Number(t.taken ?? 0));
}

/** What the event has left of its capacity: every type's tickets take its places. */
export function capacityLeft(capacity: number, types: readonly CountedType[]): number {
  return capacity - types.reduce((n, t) => n + Number(t.taken ?? 0), 0);
}

/**
 * The places anyone can still order: the fewer of the event's and the sum of what
 * each type has left. An event with no ticket type yet has only its capacity to say.
 */
export function eventPlacesLeft(capacity: number, types: readonly CountedType[]): number {
  const eventLeft = capacityLeft(capacity, types);
  return Math.max(0, types.length === 0 ? eventLeft : Math.min(eventLeft, types.reduce((n, t) => n + typeLeft(t), 0)));
}
