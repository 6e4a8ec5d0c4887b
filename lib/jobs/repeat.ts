// The worker's periodic chores (heartbeat, sweeps) run on a chain of timeouts, not
// an interval: a slow run never overlaps the next, and stopping waits for the run
// in flight so nothing touches the database after shutdown.
import { log } from "@/lib/log";

export interface Repeating {
  /** No run starts after this; resolves once the run in flight (if any) has ended. */
  stop(): Promise<void>;
}

/** Runs `run` every `intervalMs` (first at once when `immediately`). */
export function repeatEvery(intervalMs: number, run: () => Promise<void>, opts: { immediately?: boolean } = {}): Repeating {
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;

  function next() {
    if (stopped) return;
    timer = setTimeout(go, intervalMs);
    // A pending chore never keeps the process alive on its own.
    timer.unref();
  }
  function go() {
    // A chore that throws is tried again next time, like one that logs its own failure.
    inFlight = run()
      .catch((err: unknown) => log.warn({ err: (err as Error)?.message ?? String(err) }, "a periodic worker chore failed; it runs again next time"))
      .finally(next);
  }

  if (opts.immediately) go();
  else next();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
