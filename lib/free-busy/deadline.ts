// A hard deadline around work that may hang. The signal asks the work to stop, but
// nothing forces a provider SDK (or a token refresh before it) to listen, so the
// answer is a race: whatever has not settled when the signal fires is late, and
// its eventual result or failure is dropped.

export type Raced<T> = { kind: "done"; value: T } | { kind: "failed"; error: unknown } | { kind: "late" };

export function raceDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<Raced<T>> {
  return new Promise((resolve) => {
    const late = () => resolve({ kind: "late" });
    if (signal.aborted) return late();
    signal.addEventListener("abort", late, { once: true });
    work.then(
      (value) => resolve({ kind: "done", value }),
      (error: unknown) => resolve(signal.aborted ? { kind: "late" } : { kind: "failed", error }),
    ).finally(() => signal.removeEventListener("abort", late));
  });
}
