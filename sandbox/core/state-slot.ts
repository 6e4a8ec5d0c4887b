// Each sandbox module keeps its state in one slot of the runtime's state, under its
// name, seeded at start and on reset. The slot is how a module's own code reads it
// typed, without core knowing any module's state.
import type { Runtime } from "./context";

export interface StateSlot<N extends string, S> {
  name: N;
  seed(nowMs: number): S;
  /** The module's current state; handlers capture it once per request, so a reset cannot mix old and new. */
  of(rt: Runtime): S;
}

export function stateSlot<N extends string, S>(name: N, seed: (nowMs: number) => S): StateSlot<N, S> {
  return { name, seed, of: (rt) => rt.state[name] as S };
}
