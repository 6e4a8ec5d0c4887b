// A provider's published API description as the sandbox reads it: the files (relative
// to the shared specs folder) and how they become the validator its handlers ask.
// Providers declare theirs; the store (validation/spec-store.ts) only loads and caches.

export interface SpecSource<T> {
  /** Paths below the specs folder, e.g. "stripe/spec3.json". */
  files: readonly string[];
  /** Builds the validator from the files' parsed JSON, in the order of `files`. */
  build(docs: unknown[]): T;
}

export function specSource<T>(files: readonly string[], build: (docs: unknown[]) => T): SpecSource<T> {
  return { files, build };
}

export interface SpecStore {
  dir: string;
  /** True when every required file is present; requests are then checked against them. */
  validating: boolean;
  missing: string[];
  /** The source's validator, built on first use and kept; null when not validating. */
  load<T>(source: SpecSource<T>): Promise<T | null>;
}
