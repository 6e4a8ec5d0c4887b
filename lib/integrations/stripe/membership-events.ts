// What Stripe's subscription callbacks, and the invoices of subscriptions, mean
// for memberships. Every one re-reads the subscription (and the invoice) from
// Stripe, so an old or repeated event applies today's state: deleted-then-updated
// or an older "updated" after a newer one end where Stripe is.
import type Stripe from "stripe";
import type { PlanMembershipStatus } from "@/lib/db/schema";
import { recordMembershipInvoice } from "@/lib/memberships/invoices";
import { applySubscription, endUnpaidMembership, type SubscriptionState } from "@/lib/memberships/state";
import { appKeyring } from "@/lib/vault/app-keyring";
import { ignored, processed, type Processed } from "../contract/inbound";
import { stripe } from "./client";
import type { StripeContext } from "./manifest";

const STATUS: Record<string, PlanMembershipStatus> = {
  active: "active",
  trialing: "active",
  past_due: "past_due",
  // Stripe stops retrying and leaves it unpaid: still not paid for, so no member price.
  unpaid: "past_due",
  canceled: "cancelled",
  incomplete_expired: "cancelled",
  incomplete: "incomplete",
  paused: "incomplete",
};

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

function stateOf(ctx: StripeContext, sub: Stripe.Subscription): SubscriptionState {
  // Since API version 2025-03-31 the period is per item; a membership has one.
  const ends = sub.items.data.map((i) => i.current_period_end).filter((n): n is number => typeof n === "number");
  return {
    orgId: ctx.connection.orgId,
    connectionId: ctx.connection.id,
    subscriptionId: sub.id,
    membershipId: sub.metadata?.membership_id ?? null,
    status: STATUS[sub.status] ?? "incomplete",
    currentPeriodEnd: ends.length ? new Date(Math.max(...ends) * 1000) : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    priceId: sub.items.data[0]?.price?.id ?? null,
  };
}

async function onInvoice(event: Stripe.Event, ctx: StripeContext, subscriptionId: string, stateText: string): Promise<Processed> {
  const invoiceId = (event.data.object as Stripe.Invoice).id!;
  const invoice = await ctx.call("invoices.retrieve", () => stripe(ctx).invoices.retrieve(invoiceId));
  // A failure the next retry already fixed sends no dunning mail.
  const outcome = invoice.status === "paid" ? "paid" : event.type === "invoice.payment_failed" && invoice.status === "open" ? "failed" : null;
  if (!outcome) return processed(`${stateText}; invoice ${invoiceId} is ${invoice.status}, nothing to tell`);
  const result = await recordMembershipInvoice(ctx.db, appKeyring(), {
    orgId: ctx.connection.orgId,
    connectionId: ctx.connection.id,
    subscriptionId,
    invoiceId,
    outcome,
    renewal: invoice.billing_reason === "subscription_cycle",
    amountMinor: invoice.amount_due,
    currency: invoice.currency,
  });
  return processed(`${stateText}; invoice ${invoiceId} ${outcome}: ${result}`);
}

/** The subscription as Stripe has it now, read under the membership's lock and applied. */
function applyCurrentSubscription(ctx: StripeContext, subscriptionId: string) {
  const key = { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, subscriptionId };
  return applySubscription(ctx.db, appKeyring(), key, async () => stateOf(ctx, await ctx.call("subscriptions.retrieve", () => stripe(ctx).subscriptions.retrieve(subscriptionId))));
}

/**
 * Back from the subscription checkout, before (or after) its callbacks: read the
 * session, and once it is complete apply its subscription as a callback would.
 */
export async function confirmSubscriptionCheckout(ctx: StripeContext, checkoutId: string): Promise<"complete" | "open" | "expired"> {
  const session = await ctx.call("checkout.sessions.retrieve", () => stripe(ctx).checkout.sessions.retrieve(checkoutId));
  if (session.mode !== "subscription" || session.status !== "complete") return session.status === "expired" ? "expired" : "open";
  const subscriptionId = idOf(session.subscription);
  if (subscriptionId) await applyCurrentSubscription(ctx, subscriptionId);
  return "complete";
}

/** A subscription checkout nobody finished: the pending membership is not left waiting forever. */
async function onSubscriptionCheckoutExpired(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  const id = (event.data.object as Stripe.Checkout.Session).id;
  const session = await ctx.call("checkout.sessions.retrieve", () => stripe(ctx).checkout.sessions.retrieve(id));
  if (session.status !== "expired") return processed(`subscription checkout ${id} is ${session.status}; nothing to end`);
  const ended = await endUnpaidMembership(ctx.db, ctx.connection.orgId, session.metadata?.membership_id ?? null, id);
  return ended ? processed("subscription checkout expired unpaid; the pending membership ended") : ignored(`no pending membership for checkout ${id}`);
}

export async function onMembershipEvent(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  if (event.type === "checkout.session.expired") return onSubscriptionCheckoutExpired(event, ctx);
  const isInvoice = event.type.startsWith("invoice.");
  const subscriptionId = isInvoice
    ? idOf((event.data.object as Stripe.Invoice).parent?.subscription_details?.subscription)
    : (event.data.object as Stripe.Subscription).id;
  if (!subscriptionId) return ignored(`${event.type} names no subscription`);
  const applied = await applyCurrentSubscription(ctx, subscriptionId);
  if (applied.outcome === "unknown") return ignored(`subscription ${subscriptionId} is not a membership of this organization`);
  const stateText =
    applied.outcome === "changed"
      ? `membership ${applied.membership.status}${applied.told.length ? ` (${applied.told.join(", ")})` : ""}`
      : `membership already ${applied.membership.status}`;
  if (isInvoice && (event.type === "invoice.paid" || event.type === "invoice.payment_failed")) return onInvoice(event, ctx, subscriptionId, stateText);
  return processed(stateText);
}
