// Stripe's side of the world that no API call of ours can reach: money arriving by
// bank transfer, time running out on a session, refunds and disputes made in the
// dashboard or by a bank, and webhooks sent again on purpose (twice, twenty times,
// badly signed) to test a receiver.
import type { Ctx } from "../core/context";
import { bad, conflict, disputeControl, isResult, notFound, type ControlInput as Obj, type ControlResult, type ControlRoutes } from "../core/control";
import { listDeliveries, resend as resendEach, resendAnswer, resendSignature, resendTimes } from "../core/deliveries";
import { CLOCK_ACTIONS, moveClock, type ClockAction } from "./billing-clock";
import { openDispute, DISPUTE_REASONS } from "./flows/dispute";
import { expireDue, expireSession } from "./flows/expire";
import { markOverdue, overdueDue } from "./flows/invoice";
import { checkRefund, refundCharge } from "./flows/refund";
import { settleTransfer } from "./flows/settle";
import { chargeView } from "./objects/charge";
import { disputeView } from "./objects/dispute";
import { refundView } from "./objects/refund";
import { invoiceView } from "./objects/invoice";
import { subscriptionView } from "./objects/subscription";
import { sessionView } from "./objects/checkout-session";
import type { SignatureKind, StripeCharge, StripeSession } from "./state";
import { attemptDelivery, endpointsFor } from "./webhooks/deliver";
import { NO_REQUEST } from "./webhooks/emit";
import { worldOf, type World } from "./world";

const SIGNATURES: SignatureKind[] = ["valid", "wrong-secret", "stale"];

function session(w: World, input: Obj): StripeSession | ControlResult {
  if (typeof input.session !== "string") return bad("session must be a Checkout Session id (cs_…)");
  return w.state.sessions.get(input.session) ?? notFound(`no Checkout Session ${input.session}`);
}

/** A charge named directly, or the latest charge of a PaymentIntent. */
function charge(w: World, input: Obj): StripeCharge | ControlResult {
  if (typeof input.charge === "string") return w.state.charges.get(input.charge) ?? notFound(`no charge ${input.charge}`);
  if (typeof input.payment_intent === "string") {
    const pi = w.state.paymentIntents.get(input.payment_intent);
    if (!pi) return notFound(`no PaymentIntent ${input.payment_intent}`);
    const c = pi.latestChargeId ? w.state.charges.get(pi.latestChargeId) : undefined;
    return c ?? conflict(`PaymentIntent ${pi.id} has no charge`);
  }
  return bad("charge (ch_…) or payment_intent (pi_…) is required");
}

function settle(w: World, input: Obj): ControlResult {
  const s = session(w, input);
  if (isResult(s)) return s;
  if (input.outcome !== "succeeded" && input.outcome !== "failed") return bad('outcome must be "succeeded" or "failed"');
  const result = settleTransfer(w, s, input.outcome);
  if (!result.ok) return conflict(result.reason);
  return { status: 200, body: sessionView(w, s) };
}

function expire(w: World, input: Obj): ControlResult {
  const s = session(w, input);
  if (isResult(s)) return s;
  if (s.status !== "open") return conflict(`session ${s.id} is ${s.status}; only an open session expires`);
  expireSession(w, s, NO_REQUEST);
  return { status: 200, body: sessionView(w, s) };
}

function dashboardRefund(w: World, input: Obj): ControlResult {
  const c = charge(w, input);
  if (isResult(c)) return c;
  if (input.amount !== undefined && !(typeof input.amount === "number" && Number.isInteger(input.amount))) return bad("amount must be an integer in the currency's smallest unit");
  const amount = (input.amount as number | undefined) ?? null;
  const refusal = checkRefund(c, amount);
  if (refusal) return { status: 400, body: { error: refusal.message, code: refusal.code } };
  const reason = typeof input.reason === "string" ? input.reason : "requested_by_customer";
  const refund = refundCharge(w, { charge: c, amount, reason, metadata: {}, via: "dashboard" }, NO_REQUEST);
  return { status: 200, body: { refund: refundView(w, refund), charge: chargeView(w, c) } };
}

function dispute(w: World, input: Obj): ControlResult {
  return disputeControl(charge(w, input), input, { reasons: DISPUTE_REASONS, defaultReason: "fraudulent", open: (c, reason) => openDispute(w, c, reason), view: (d) => disputeView(w, d) });
}

/** Sends a stored event again, `times` deliveries at once to each endpoint, each a single attempt. */
async function resend(w: World, input: Obj): Promise<ControlResult> {
  if (typeof input.event !== "string") return bad("event must be an event id (evt_…)");
  const event = w.state.events.find((e) => e.id === input.event);
  if (!event) return notFound(`no event ${input.event}`);
  const times = resendTimes(input);
  if (typeof times !== "number") return times;
  const signature = resendSignature(input, SIGNATURES);
  if (typeof signature !== "string") return signature;
  let endpoints = endpointsFor(w, event);
  if (input.endpoint !== undefined) {
    const chosen = typeof input.endpoint === "string" ? w.state.endpoints.get(input.endpoint) : undefined;
    if (!chosen) return notFound(`no webhook endpoint ${String(input.endpoint)}`);
    endpoints = [chosen];
  }
  if (endpoints.length === 0) return conflict(`no webhook endpoint listens for ${event.type} in ${event.livemode ? "live" : "test"} mode`);
  const deliveries = await resendEach(endpoints, times, (endpoint) => attemptDelivery(w, event, endpoint, { attempt: 1, trigger: "resend", signature }));
  return resendAnswer(deliveries, (d) => ({ endpoint: d.endpointId, url: d.url, status: d.status, error: d.error, durationMs: d.durationMs }), { event: event.id, signature });
}

/** A subscription's clock moved: renewed (paid or failing), its open invoice paid, or ended. */
function subscriptionClock(w: World, input: Obj): ControlResult {
  if (typeof input.subscription !== "string") return bad("subscription must be a subscription id (sub_…)");
  const sub = w.state.billing.subscriptions.get(input.subscription);
  if (!sub) return notFound(`no subscription ${input.subscription}`);
  if (typeof input.action !== "string" || !CLOCK_ACTIONS.includes(input.action as ClockAction)) return bad(`action must be one of ${CLOCK_ACTIONS.join(", ")}`);
  if (input.decline_code !== undefined && typeof input.decline_code !== "string") return bad("decline_code must be a string");
  const result = moveClock(w, sub, input.action as ClockAction, input.decline_code as string | undefined);
  if (!result.ok) return { status: result.status, body: { error: result.error } };
  const latest = sub.latestInvoiceId ? w.state.billing.invoices.get(sub.latestInvoiceId) : undefined;
  return { status: 200, body: { outcome: result.outcome, subscription: subscriptionView(w, sub), latest_invoice: latest ? invoiceView(w, latest) : null } };
}

/** An open invoice's due date passes now: invoice.overdue, as Stripe sends it once. */
function invoiceOverdue(w: World, input: Obj): ControlResult {
  if (typeof input.invoice !== "string") return bad("invoice must be an invoice id (in_…)");
  const inv = w.state.billing.invoices.get(input.invoice);
  if (!inv) return notFound(`no invoice ${input.invoice}`);
  if (inv.status !== "open") return conflict(`invoice ${inv.id} is ${inv.status}; only an open invoice becomes overdue`);
  if (inv.overdueAt !== null) return conflict(`invoice ${inv.id} is already overdue`);
  inv.dueDate = Math.min(inv.dueDate ?? w.now(), w.now());
  markOverdue(w, inv, NO_REQUEST);
  return { status: 200, body: invoiceView(w, inv) };
}

type StripeControl = (ctx: Ctx, w: World, input: Obj) => ControlResult | Promise<ControlResult>;

/** Runs a Stripe control request once the sessions that ran out meanwhile have expired. */
function withWorld(run: StripeControl) {
  return async (ctx: Ctx, input: Obj): Promise<ControlResult> => {
    const w = await worldOf(ctx.rt);
    expireDue(w);
    overdueDue(w);
    return run(ctx, w, input);
  };
}

export const STRIPE_CONTROL: ControlRoutes = {
  "/settle": { POST: withWorld((_ctx, w, input) => settle(w, input)) },
  "/expire": { POST: withWorld((_ctx, w, input) => expire(w, input)) },
  "/dashboard-refund": { POST: withWorld((_ctx, w, input) => dashboardRefund(w, input)) },
  "/dispute": { POST: withWorld((_ctx, w, input) => dispute(w, input)) },
  "/subscription-clock": { POST: withWorld((_ctx, w, input) => subscriptionClock(w, input)) },
  "/invoice-overdue": { POST: withWorld((_ctx, w, input) => invoiceOverdue(w, input)) },
  "/resend": { POST: withWorld((_ctx, w, input) => resend(w, input)) },
  "/deliveries": { GET: withWorld((ctx, w) => listDeliveries(ctx, w.state.deliveries, { event: (d) => d.eventId, endpoint: (d) => d.endpointId })) },
};
