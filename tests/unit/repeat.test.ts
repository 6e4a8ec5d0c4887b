// The worker's chores repeat on a chain of timeouts: never two runs at once, the
// first at once only when asked, and stop() waits for the run in flight and lets
// no other start.
import { describe, expect, it } from "vitest";
import { repeatEvery } from "@/lib/jobs/repeat";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(what: string, cond: () => boolean, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe("repeatEvery", () => {
  it("never runs twice at once, even when a run takes longer than the interval", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const chore = repeatEvery(1, async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 15));
      running--;
      runs++;
    });
    await until("four runs", () => runs >= 4);
    await chore.stop();
    expect(most).toBe(1);
  });

  it("runs first at once only when asked", async () => {
    let runs = 0;
    const late = repeatEvery(60_000, async () => void runs++);
    const early = repeatEvery(60_000, async () => void runs++, { immediately: true });
    await until("the immediate run", () => runs >= 1);
    await late.stop();
    await early.stop();
    expect(runs).toBe(1);
  });

  it("stop() waits for the run in flight, and no run starts after it", async () => {
    const gate = deferred();
    let started = 0;
    let finished = 0;
    const chore = repeatEvery(1, async () => {
      started++;
      await gate.promise;
      finished++;
    }, { immediately: true });
    await until("the first run", () => started === 1);
    let stopped = false;
    const stopping = chore.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(finished).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toBe(1);
  });

  it("keeps going after a run that throws", async () => {
    let runs = 0;
    const chore = repeatEvery(1, async () => {
      runs++;
      if (runs === 1) throw new Error("database away");
    });
    await until("a run after the failed one", () => runs >= 2);
    await chore.stop();
  });
});
