/** Drops the oldest entries of a Map (insertion order) once it holds more than `max`. */
export function keepLatestEntries<K, V>(map: Map<K, V>, max: number): void {
  for (const k of map.keys()) {
    if (map.size <= max) break;
    map.delete(k);
  }
}
