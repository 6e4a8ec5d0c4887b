// What PayPal's handlers, flows and views share: the sandbox they run in, the
// account's state, and the time (PayPal writes it as ISO 8601 without milliseconds).
import type { Runtime } from "../core/context";
import { PAYPAL_STATE, type PayPalState } from "./state";

export interface World {
  rt: Runtime;
  state: PayPalState;
  /** Sandbox time in milliseconds. */
  now(): number;
  /** The sandbox base URL of PayPal's API, for the links in PayPal's answers. */
  api: string;
}

export function worldOf(rt: Runtime): World {
  // Captured now: a reset while a request is under way must not mix old and new state.
  const state = PAYPAL_STATE.of(rt);
  return { rt, state, now: () => rt.clock.now(), api: `${rt.url}/paypal` };
}

/** "2024-02-01T10:11:12Z", as PayPal writes create_time and update_time. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
