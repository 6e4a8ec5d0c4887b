// Stripe's side of the world that no API call of ours can reach: money arriving by
// bank transfer, time running out on a session, refunds and disputes made in the
// dashboard or by a bank, and webhooks sent again on purpose (twice, twenty times,
// badly signed) to test a receiver.
import { first, type Ctx } from "../core/context";
import { openDispute, DISPUTE_REASONS } from "../stripe/flows/dispute";
import { expireDue, expireSession } from "../stripe/flows/expire";
import { checkRefund, refundCharge } from "../stripe/flows/refund";
import { settleTransfer } from "../stripe/flows/settle";
import { chargeView } from "../stripe/objects/charge";
import { disputeView } from "../stripe/objects/dispute";
import { refundView } from "../stripe/objects/refund";
import { sessionView } from "../stripe/objects/checkout-session";
import type { SignatureKind, StripeCharge, StripeSession } from "../stripe/state";
import { attemptDelivery, endpointsFor } from "../stripe/webhooks/deliver";
import { succeeded } from "../core/webhook-post";
import { NO_REQUEST } from "../stripe/webhooks/emit";
import { worldOf, type World } from "../stripe/world";
import type { ControlResult } from "./credentials";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const bad = (error: string): ControlResult => ({ status: 400, body: { error } });
const notFound = (error: string): ControlResult => ({ status: 404, body: { error } });
const conflict = (error: string): ControlResult => ({ status: 409, body: { error } });

/** Resends are for tests: enough to show concurrency, not enough to flood a receiver by mistake. */
const MAX_RESENDS = 100;
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

const isResult = (v: StripeSession | StripeCharge | ControlResult): v is ControlResult => "body" in v;

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
  const c = charge(w, input);
  if (isResult(c)) return c;
  const reason = input.reason ?? "fraudulent";
  if (typeof reason !== "string" || !DISPUTE_REASONS.includes(reason)) return bad(`reason must be one of ${DISPUTE_REASONS.join(", ")}`);
  const d = openDispute(w, c, reason);
  if (typeof d === "string") return conflict(d);
  return { status: 200, body: disputeView(w, d) };
}

/** Sends a stored event again, `times` deliveries at once to each endpoint, each a single attempt. */
async function resend(w: World, input: Obj): Promise<ControlResult> {
  if (typeof input.event !== "string") return bad("event must be an event id (evt_…)");
  const event = w.state.events.find((e) => e.id === input.event);
  if (!event) return notFound(`no event ${input.event}`);
  const times = input.times ?? 1;
  if (typeof times !== "number" || !Number.isInteger(times) || times < 1 || times > MAX_RESENDS) return bad(`times must be an integer from 1 to ${MAX_RESENDS}`);
  const signature = input.signature ?? "valid";
  if (!SIGNATURES.includes(signature as SignatureKind)) return bad(`signature must be one of ${SIGNATURES.join(", ")}`);
  let endpoints = endpointsFor(w, event);
  if (input.endpoint !== undefined) {
    const chosen = typeof input.endpoint === "string" ? w.state.endpoints.get(input.endpoint) : undefined;
    if (!chosen) return notFound(`no webhook endpoint ${String(input.endpoint)}`);
    endpoints = [chosen];
  }
  if (endpoints.length === 0) return conflict(`no webhook endpoint listens for ${event.type} in ${event.livemode ? "live" : "test"} mode`);
  const jobs = endpoints.flatMap((endpoint) =>
    Array.from({ length: times }, () => attemptDelivery(w, event, endpoint, { attempt: 1, trigger: "resend", signature: signature as SignatureKind })),
  );
  const deliveries = await Promise.all(jobs);
  return {
    status: 200,
    body: {
      event: event.id,
      signature,
      statuses: deliveries.map((d) => d.status),
      delivered: deliveries.filter(succeeded).length,
      deliveries: deliveries.map((d) => ({ endpoint: d.endpointId, url: d.url, status: d.status, error: d.error, durationMs: d.durationMs })),
    },
  };
}

function deliveries(ctx: Ctx, w: World): ControlResult {
  const event = first(ctx.query.event);
  const endpoint = first(ctx.query.endpoint);
  const list = w.state.deliveries.filter((d) => (event === undefined || d.eventId === event) && (endpoint === undefined || d.endpointId === endpoint));
  return { status: 200, body: { deliveries: list } };
}

type StripeControl = (ctx: Ctx, w: World, input: Obj) => ControlResult | Promise<ControlResult>;

export const STRIPE_CONTROL: Record<string, Record<string, StripeControl>> = {
  "/_sandbox/stripe/settle": { POST: (_ctx, w, input) => settle(w, input) },
  "/_sandbox/stripe/expire": { POST: (_ctx, w, input) => expire(w, input) },
  "/_sandbox/stripe/dashboard-refund": { POST: (_ctx, w, input) => dashboardRefund(w, input) },
  "/_sandbox/stripe/dispute": { POST: (_ctx, w, input) => dispute(w, input) },
  "/_sandbox/stripe/resend": { POST: (_ctx, w, input) => resend(w, input) },
  "/_sandbox/stripe/deliveries": { GET: (ctx, w) => deliveries(ctx, w) },
};

/** Runs a Stripe control request once the sessions that ran out meanwhile have expired. */
export async function runStripeControl(ctx: Ctx, handler: StripeControl, body: unknown): Promise<ControlResult> {
  const input = obj(body);
  if (!input) return bad("send a JSON object");
  const w = await worldOf(ctx.rt);
  expireDue(w);
  return handler(ctx, w, input);
}
