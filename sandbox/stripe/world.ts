// What Stripe's handlers, flows and views share: the sandbox they run in, the
// account's state, the templates answers are shaped after, and the time in
// Stripe's unit (seconds).
import type { Runtime } from "../core/context";
import type { Templates } from "./fixtures";
import type { StripeState } from "./state";

export interface World {
  rt: Runtime;
  state: StripeState;
  templates: Templates;
  /** Sandbox time in seconds, as Stripe's `created` and `expires_at` count it. */
  now(): number;
}

export async function worldOf(rt: Runtime): Promise<World> {
  const templates = await rt.specs.stripeFixtures();
  // Captured now: a reset while a request is under way must not mix old and new state.
  const state = rt.state.stripe;
  return { rt, state, templates, now: () => Math.floor(rt.clock.now() / 1000) };
}
