// What Stripe's handlers, flows and views share: the sandbox they run in, the
// account's state, the templates answers are shaped after, and the time in
// Stripe's unit (seconds).
import type { Runtime } from "../core/context";
import type { Templates } from "./fixtures";
import { STRIPE_STATE, type StripeState } from "./state";
import { STRIPE_FIXTURES } from "./spec";

export interface World {
  rt: Runtime;
  state: StripeState;
  templates: Templates;
  /** Sandbox time in seconds, as Stripe's `created` and `expires_at` count it. */
  now(): number;
}

export async function worldOf(rt: Runtime): Promise<World> {
  const templates = await rt.specs.load(STRIPE_FIXTURES);
  // Captured now: a reset while a request is under way must not mix old and new state.
  const state = STRIPE_STATE.of(rt);
  return { rt, state, templates, now: () => Math.floor(rt.clock.now() / 1000) };
}
