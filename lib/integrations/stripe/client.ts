// stripe-node takes a host, port and protocol (no path), so the sandbox serves
// Stripe's API at its root. Retries are the policy's, not the SDK's.
import Stripe from "stripe";
import type { StripeContext } from "./manifest";

export function stripeClient(baseUrl: string, secretKey: string, timeoutMs = 10_000): Stripe {
  const u = new URL(baseUrl);
  return new Stripe(secretKey, {
    host: u.hostname,
    port: u.port || (u.protocol === "https:" ? 443 : 80),
    protocol: u.protocol.replace(":", "") as "http" | "https",
    maxNetworkRetries: 0,
    timeout: timeoutMs,
    appInfo: { name: "Switchboard" },
  });
}

/** Verifying signatures needs no account or network: a keyless instance is enough. */
export const stripeWebhooks = new Stripe("sk_test_unused_for_signature_checks").webhooks;

/** The connection's own account, in its mode (the real API or the sandbox). */
export function stripe(ctx: StripeContext): Stripe {
  return stripeClient(ctx.baseUrl, ctx.credentials.secretKey);
}
