// Where the stand-in for Stripe.js and its pages live: under the sandbox's /stripe/
// module path (Stripe's own API stays at the root, where stripe-node calls it).
export const ELEMENTS_PREFIX = "/elements/";
export const SCRIPT_SUBPATH = "/elements/stripe.js";
export const FRAME_SUBPATH = "/elements/frame";
export const CHALLENGE_SUBPATH = /^\/elements\/authenticate\/([^/]+)\/?$/;

/** The 3-D Secure challenge page of an intent, from the sandbox's root. */
export function challengePath(intentId: string): string {
  return `/stripe/elements/authenticate/${encodeURIComponent(intentId)}`;
}
