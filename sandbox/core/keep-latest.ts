/**
 * Drops the oldest items once a store holds more than `max`: a long benchmark run
 * must not grow the sandbox without bound.
 */
export function keepLatest<T>(items: T[], max: number): void {
  if (items.length > max) items.splice(0, items.length - max);
}
