// What Payrexx's handlers and flows share: the sandbox they run in and the state of
// the moment (captured once, so a reset during a request cannot mix old and new).
import type { Runtime } from "../core/context";
import { PAYREXX_STATE, type PayrexxState } from "./state";

export interface PayrexxWorld {
  rt: Runtime;
  state: PayrexxState;
  /** Sandbox time in ms. */
  now(): number;
}

export function payrexxWorld(rt: Runtime): PayrexxWorld {
  const state = PAYREXX_STATE.of(rt);
  return { rt, state, now: () => rt.clock.now() };
}
