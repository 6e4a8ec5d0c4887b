// Stripe as data: what the catalog shows, the keys an organizer types (or a
// Stripe Connect grant stands for), and the shape of a connection's context.
import { z } from "zod";
import { defineManifest, type ConnectorContext } from "../contract";

const secret = /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/;
const publishable = /^pk_(test|live)_[A-Za-z0-9]{8,}$/;

export function keyMode(key: string): "test" | "live" {
  return key.includes("_live_") ? "live" : "test";
}

export const stripeCredentials = z
  .object({
    secretKey: z
      .string()
      .trim()
      .regex(secret, "A Stripe secret key starts with sk_test_ or sk_live_ (or rk_ for a restricted key); copy it from Developers → API keys")
      .meta({ label: "Secret key", input: "secret", placeholder: "sk_test_…", help: "Developers → API keys. A restricted key (rk_) needs Checkout, PaymentIntents, Charges and Refunds write access." }),
    publishableKey: z
      .string()
      .trim()
      .regex(publishable, "A publishable key starts with pk_test_ or pk_live_")
      .meta({ label: "Publishable key", placeholder: "pk_test_…" }),
    webhookSecret: z
      .string()
      .trim()
      .regex(/^(whsec_[A-Za-z0-9]+)?$/, "A webhook signing secret starts with whsec_; leave it empty to let Switchboard create the endpoint")
      .default("")
      .meta({ label: "Webhook signing secret (optional)", input: "secret", placeholder: "whsec_…", help: "Leave empty and Switchboard creates the webhook endpoint in your Stripe account." }),
    /** "connect" when the keys came from a Stripe Connect grant, which Disconnect revokes. */
    connectedVia: z.enum(["keys", "connect"]).default("keys"),
  })
  .refine((c) => keyMode(c.secretKey) === keyMode(c.publishableKey), {
    path: ["publishableKey"],
    message: "The publishable key is from the other mode than the secret key: use both test keys or both live keys",
  });
export type StripeCredentials = z.infer<typeof stripeCredentials>;

const stripeSettings = z.object({
  checkoutForm: z
    .enum(["hosted", "on_page"])
    .default("hosted")
    .meta({
      label: "Where attendees pay",
      choiceLabels: { hosted: "Stripe's hosted Checkout page", on_page: "A payment form on the event's own page" },
      help: "The on-page form is Stripe's Payment Element; card details go to Stripe, never to Switchboard, and 3-D Secure is Stripe's own.",
    }),
});
export type StripeSettings = z.infer<typeof stripeSettings>;
export type StripeContext = ConnectorContext<StripeCredentials, StripeSettings>;

export const manifest = defineManifest<StripeCredentials, StripeSettings>({
  id: "stripe",
  name: "Stripe",
  category: "payments",
  description: "Sell paid tickets through Stripe Checkout; payments and refunds are confirmed by Stripe's signed callbacks.",
  auth: "api_key",
  baseUrls: { live: "https://api.stripe.com/", sandboxPath: "/" },
  credentialsSchema: stripeCredentials,
  settingsSchema: stripeSettings,
  // Stripe Connect: read_write, as Checkout Sessions, refunds and the webhook endpoint are created on the organizer's account.
  oauth: { scopes: ["read_write"], pkce: false, scopeSeparator: " " },
  rateLimit: { capacity: 25, refillPerSecond: 25 },
  // Stripe.js and the frames of its Payment Element (Stripe's integration security guide), on the on-page form's page only.
  paymentFormOrigins: {
    script: ["https://js.stripe.com", "https://*.js.stripe.com"],
    frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    connect: ["https://api.stripe.com"],
  },
});
