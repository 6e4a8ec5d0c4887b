// One circuit breaker per connection, shared by every process through its
// circuit_breakers row. Each call hydrates a fresh cockatiel breaker from the row
// (its toJSON() snapshot), runs through it, and writes the new state back
// compare-and-set. When another process changed the row meanwhile, this call's
// outcome is replayed through a breaker hydrated from the newer row, so
// concurrent failures add up instead of overwriting each other.
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from "cockatiel";
import type { Db } from "@/lib/db/client";
import type { BreakerState } from "@/lib/db/schema";
import { log } from "@/lib/log";
import type { ProviderFailure } from "../contract";
import { loadBreaker, sameBreaker, saveBreaker, type BreakerSnapshot, type BreakerWrite, type StoredBreaker } from "./breaker-store";
import { askForAlertEvaluation } from "./attention";
import { countsAgainstProvider } from "./failure";
import { probeLeaseMs, type PolicyOptions } from "./options";

/** What a call did, as far as the breaker is concerned; "neutral" never reached the provider. */
export type BreakerOutcome = { kind: "success" } | { kind: "failure"; error: unknown } | { kind: "neutral" };

/** Another process won the half-open test call. */
export class ProbeTaken extends Error {}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half_open",
  [CircuitState.Isolated]: "isolated",
};
const MAX_REPLAYS = 5;

/** A cockatiel breaker for one call, and when (by the injected clock) it opened during that call. */
interface Hydrated {
  policy: CircuitBreakerPolicy;
  openedNow?: number;
}

interface Owner {
  connectionId: string;
  orgId: string;
  connectorId: string;
}

export class SharedBreaker {
  /** Set when cockatiel lets this call through as the half-open test call. */
  probing = false;
  private beforeClaim: StoredBreaker | null = null;

  private constructor(
    private readonly db: Db,
    private readonly owner: Owner,
    private readonly opts: PolicyOptions,
    private readonly now: () => number,
    // cockatiel reads Date.now(); stored times are in the injected clock, shifted at the boundary.
    private readonly offsetMs: number,
    private read: StoredBreaker | null,
    private readonly hydrated: Hydrated,
  ) {}

  get policy(): CircuitBreakerPolicy {
    return this.hydrated.policy;
  }

  static async load(db: Db, owner: Owner, opts: PolicyOptions, now: () => number): Promise<SharedBreaker> {
    const offsetMs = Date.now() - now();
    const read = await loadBreaker(db, owner.connectionId);
    const breaker = new SharedBreaker(db, owner, opts, now, offsetMs, read, hydrate(read, opts, offsetMs, now));
    breaker.policy.onHalfOpen(() => {
      breaker.probing = true;
    });
    return breaker;
  }

  /** A test call is running in another process and has not outlived its lease. */
  probeInFlight(): boolean {
    return this.read?.state === "half_open" && this.now() - this.read.updatedAt.getTime() < probeLeaseMs(this.opts);
  }

  /** Takes the half-open slot for every process; false when another one took it first. */
  async claimProbe(): Promise<boolean> {
    const next = { ...this.dehydrate(this.hydrated), openedAt: this.read?.openedAt ?? null };
    const at = new Date(this.now());
    if (!(await saveBreaker(this.db, this.owner, this.read, next, at))) return false;
    this.beforeClaim = this.read;
    // As saveBreaker stores it: kept from the first trip, or this moment's when none was recorded.
    this.read = { ...next, trippedAt: next.state === "closed" ? null : (this.read?.trippedAt ?? at), updatedAt: at };
    return true;
  }

  async record(outcome: BreakerOutcome): Promise<void> {
    try {
      await this.persist(outcome);
    } catch (err) {
      // The provider call already happened; losing one breaker update must not turn it into a failure.
      log.warn({ err, connectionId: this.owner.connectionId }, "could not persist the circuit breaker");
    }
  }

  /** Why a call is refused while the circuit is open, in words an admin can act on. */
  refusal(): ProviderFailure {
    const row = this.read;
    const failures = row?.snapshot?.breakerState ?? this.opts.breakerThreshold;
    if (row?.state === "isolated") return { kind: "transient", message: `Circuit isolated: calls to ${this.owner.connectorId} are paused` };
    const openedAt = row?.snapshot?.ownState.openedAt ?? 0;
    const reopensAt = openedAt > 0 ? openedAt + this.opts.halfOpenAfterMs : 0;
    const retryAt =
      row?.state === "open" && reopensAt > this.now()
        ? reopensAt
        : // a test call holds the slot: at worst until its lease runs out
          (row?.state === "half_open" ? row.updatedAt.getTime() : this.now()) + probeLeaseMs(this.opts);
    return {
      kind: "transient",
      message: `Circuit open: ${this.owner.connectorId} has failed ${failures} times in a row; retrying after ${new Date(retryAt).toISOString()}`,
    };
  }

  private async persist(outcome: BreakerOutcome): Promise<void> {
    if (outcome.kind === "neutral") {
      // The test call never reached the provider: hand the slot back as it was.
      if (this.probing && this.beforeClaim?.snapshot && this.read) {
        const { snapshot, openedAt } = this.beforeClaim;
        await saveBreaker(this.db, this.owner, this.read, { state: "open", snapshot, openedAt }, new Date(this.now()));
      }
      return;
    }
    let expected = this.read;
    let current = this.hydrated;
    for (let i = 0; i < MAX_REPLAYS; i++) {
      const next = this.dehydrate(current);
      if (sameBreaker(expected, next)) return;
      if (await saveBreaker(this.db, this.owner, expected, next, new Date(this.now()))) {
        if (next.state === "open") {
          log.warn({ connectionId: this.owner.connectionId, connector: this.owner.connectorId, failures: next.snapshot.breakerState }, "circuit opened");
        }
        // Tripped or closed again: the alerts see it now rather than at the next sweep.
        if (((expected?.state ?? "closed") === "closed") !== (next.state === "closed")) await askForAlertEvaluation(this.db, this.owner.orgId);
        return;
      }
      expected = await loadBreaker(this.db, this.owner.connectionId);
      // Opened (or being tested) by someone else: as within one process, the result
      // of a call that started before the circuit opened does not change it.
      if (expected && expected.state !== "closed") return;
      current = hydrate(expected, this.opts, this.offsetMs, this.now);
      await replay(current.policy, outcome);
    }
    log.warn({ connectionId: this.owner.connectionId }, "circuit breaker update lost to concurrent writers");
  }

  private dehydrate({ policy, openedNow }: Hydrated): BreakerWrite {
    const json = JSON.parse(JSON.stringify(policy.toJSON())) as Omit<BreakerSnapshot, "halfOpenAfterMs">;
    const state = STATE_NAMES[policy.state];
    // Opened during this call: the injected clock's time of the break, exactly.
    // Otherwise the hydrated time shifted back, so an unchanged snapshot round-trips.
    const ownState =
      state === "open" && openedNow !== undefined ? { ...json.ownState, openedAt: openedNow } : shift(json, -this.offsetMs).ownState;
    const snapshot: BreakerSnapshot = { ownState, breakerState: json.breakerState, halfOpenAfterMs: this.opts.halfOpenAfterMs };
    const opened = snapshot.ownState.openedAt;
    const openedAt = state === "open" && opened ? new Date(opened) : state === "closed" ? null : (this.read?.openedAt ?? null);
    return { state, snapshot, openedAt };
  }
}

function hydrate(row: StoredBreaker | null, opts: PolicyOptions, offsetMs: number, now: () => number): Hydrated {
  const snapshot = row?.snapshot;
  const policy = circuitBreaker(handleWhen(countsAgainstProvider), {
    halfOpenAfter: opts.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(opts.breakerThreshold),
    // A fresh copy: cockatiel keeps and mutates the object it is given.
    initialState: snapshot ? shift({ ownState: { ...snapshot.ownState }, breakerState: snapshot.breakerState }, offsetMs) : undefined,
  });
  const hydrated: Hydrated = { policy };
  // onBreak fires synchronously as cockatiel stamps openedAt with Date.now().
  policy.onBreak(() => {
    hydrated.openedNow = now();
  });
  return hydrated;
}

// openedAt 0 is cockatiel's "half-open due now" and stays 0 in every clock.
function shift<S extends Pick<BreakerSnapshot, "ownState">>(snapshot: S, byMs: number): S {
  const openedAt = snapshot.ownState.openedAt;
  if (snapshot.ownState.value !== CircuitState.Open || !openedAt) return snapshot;
  return { ...snapshot, ownState: { ...snapshot.ownState, openedAt: openedAt + byMs } };
}

async function replay(policy: CircuitBreakerPolicy, outcome: BreakerOutcome): Promise<void> {
  try {
    await policy.execute(() => {
      if (outcome.kind === "failure") throw outcome.error;
    });
  } catch {
    // The outcome is being recorded, not acted on.
  }
}
