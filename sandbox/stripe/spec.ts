import { specSource } from "../core/spec-source";
import { createFormSpec } from "../validation/openapi3-form";
import { patchStripeSpec } from "./errata";

export const STRIPE_SPEC = specSource(["stripe/spec3.json"], ([doc]) => createFormSpec(doc, patchStripeSpec));

/** Not validated against, but needed: Stripe's example objects are the templates its answers are shaped after. */
export const STRIPE_FIXTURES = specSource(["stripe/fixtures3.json"], ([doc]) => (doc as { resources?: Record<string, unknown> }).resources ?? null);
