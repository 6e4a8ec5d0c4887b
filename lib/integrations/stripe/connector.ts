// Stripe: attendees pay through Stripe Checkout with the organization's own
// account, connected by its API keys or by Stripe Connect (OAuth); Stripe's
// callbacks confirm payments and refunds.
import { defineConnector, ProviderCallError } from "../contract";
import { stripe, stripeWebhooks } from "./client";
import { stripeConnectOAuth } from "./connect";
import { classifyStripeError } from "./errors";
import { stripeGateway } from "./gateway";
import { keyMode, manifest } from "./manifest";
import { processStripeEvent } from "./process";

/** The callbacks payment processing acts on; Stripe sends only these to our endpoint. */
export const STRIPE_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.canceled",
  "charge.refunded",
  "charge.dispute.created",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.voided",
  "invoice.overdue",
  "invoice.marked_uncollectible",
] as const;

export const connector = defineConnector(manifest, {
  oauth: stripeConnectOAuth,
  classifyError: classifyStripeError,
  async testConnection(ctx) {
    const account = await ctx.call("accounts.retrieve", () => stripe(ctx).accounts.retrieveCurrent());
    const name = account.business_profile?.name ?? account.settings?.dashboard?.display_name ?? account.email ?? account.id;
    const mode = keyMode(ctx.credentials.secretKey) === "live" ? "Live mode" : "Test mode";
    return { account: { id: account.id, name }, detail: `${mode}: connected to ${name} (${account.id}).` };
  },
  async afterConnect(ctx, { webhookUrl }) {
    if (ctx.credentials.webhookSecret) return;
    const endpoint = await ctx.call("webhookEndpoints.create", () =>
      stripe(ctx).webhookEndpoints.create({ url: webhookUrl, enabled_events: [...STRIPE_EVENTS], description: "Switchboard" }),
    );
    if (!endpoint.secret) throw new ProviderCallError("webhookEndpoints.create", { kind: "invalid", message: "Stripe returned no signing secret for the new endpoint" });
    return { webhookSecret: endpoint.secret };
  },
  payments: stripeGateway,
  inbound: {
    async verify(req, ctx) {
      const signature = req.headers.get("stripe-signature");
      if (!signature) throw new Error("Missing Stripe-Signature header");
      if (!ctx.credentials.webhookSecret) throw new Error("This Stripe connection has no webhook signing secret");
      // Raw body, the connection's own secret, Stripe's default 300 s tolerance, constant-time compare.
      const event = stripeWebhooks.constructEvent(req.rawBody, signature, ctx.credentials.webhookSecret);
      return { externalId: event.id, type: event.type, payload: event };
    },
    process: processStripeEvent,
    keptHeaders: ["stripe-signature"],
  },
  handlers: {},
});
