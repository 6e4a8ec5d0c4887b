// PayPal's side of the world that no API call of ours reaches: an eCheck clearing or
// bouncing, refunds made in the merchant's PayPal dashboard, a buyer opening a case,
// and webhooks sent again on purpose (twice, twenty times, badly signed, signed for
// another webhook) to test a receiver.
import { first, type Ctx } from "../core/context";
import { bad, conflict, disputeControl, isResult, notFound, type ControlInput as Obj, type ControlResult, type ControlRoutes } from "../core/control";
import { listDeliveries, resend as resendEach, resendAnswer, resendSignature, resendTimes } from "../core/deliveries";
import { settleCapture } from "./flows/capture";
import { DISPUTE_REASONS, openDispute } from "./flows/dispute";
import { checkRefund, refundCapture } from "./flows/refund";
import { parseValue } from "./money";
import { captureView } from "./objects/capture";
import { refundView } from "./objects/refund";
import type { PayPalCapture, SignatureKind } from "./state";
import { attemptDelivery, webhooksFor } from "./webhooks/deliver";
import { worldOf, type World } from "./world";

const SIGNATURES: SignatureKind[] = ["valid", "forged", "other-webhook"];

function capture(w: World, input: Obj): PayPalCapture | ControlResult {
  if (typeof input.capture !== "string") return bad("capture must be a capture id");
  return w.state.captures.get(input.capture) ?? notFound(`no capture ${input.capture}`);
}

function settle(w: World, input: Obj): ControlResult {
  const c = capture(w, input);
  if (isResult(c)) return c;
  if (input.outcome !== "completed" && input.outcome !== "denied") return bad('outcome must be "completed" or "denied"');
  const refusal = settleCapture(w, c, input.outcome);
  return refusal ? conflict(refusal) : { status: 200, body: captureView(w, c) };
}

function dashboardRefund(w: World, input: Obj): ControlResult {
  const c = capture(w, input);
  if (isResult(c)) return c;
  let amount = null;
  if (input.amount !== undefined) {
    if (typeof input.amount !== "string") return bad('amount must be a decimal string, as PayPal writes it ("10.00")');
    const parsed = parseValue(input.amount, c.amount.currency);
    if (typeof parsed === "string") return bad(`amount: ${parsed}`);
    amount = parsed;
  }
  const refusal = checkRefund(c, amount);
  if (refusal) return bad(`${refusal.issue}${refusal.description ? `: ${refusal.description}` : ""}`);
  const note = typeof input.note === "string" ? input.note : null;
  const refund = refundCapture(w, { capture: c, amount, customId: null, invoiceId: null, noteToPayer: note, via: "dashboard" });
  return { status: 200, body: { refund: refundView(w, refund), capture: captureView(w, c) } };
}

function dispute(w: World, input: Obj): ControlResult {
  return disputeControl(capture(w, input), input, {
    reasons: DISPUTE_REASONS,
    defaultReason: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
    open: (c, reason) => openDispute(w, c, reason),
    view: (d, c) => ({ dispute_id: d.id, capture: c.id }),
  });
}

/** Sends a stored event again, `times` deliveries at once to each webhook, each a single attempt. */
async function resend(w: World, input: Obj): Promise<ControlResult> {
  if (typeof input.event !== "string") return bad("event must be a webhook event id (WH-…)");
  const event = w.state.events.find((e) => e.id === input.event);
  if (!event) return notFound(`no event ${input.event}`);
  const times = resendTimes(input);
  if (typeof times !== "number") return times;
  const signature = resendSignature(input, SIGNATURES);
  if (typeof signature !== "string") return signature;
  if (input.signAs !== undefined && (typeof input.signAs !== "string" || signature !== "other-webhook")) return bad('signAs (a webhook id) goes with signature "other-webhook"');
  let webhooks = webhooksFor(w, event);
  if (input.webhook !== undefined) {
    const chosen = typeof input.webhook === "string" ? w.state.webhooks.get(input.webhook) : undefined;
    if (!chosen) return notFound(`no webhook ${String(input.webhook)}`);
    webhooks = [chosen];
  }
  if (webhooks.length === 0) return conflict(`no webhook of this app listens for ${event.eventType}`);
  const opts = { attempt: 1, trigger: "resend" as const, signature, signAs: input.signAs as string | undefined };
  const deliveries = await resendEach(webhooks, times, (h) => attemptDelivery(w, event, h, opts));
  return resendAnswer(deliveries, (d) => ({ webhook: d.webhookId, url: d.url, status: d.status, error: d.error, durationMs: d.durationMs }), { event: event.id, signature });
}

function events(ctx: Ctx, w: World): ControlResult {
  const type = first(ctx.query.type);
  return { status: 200, body: { events: w.state.events.filter((e) => type === undefined || e.eventType === type).map((e) => ({ id: e.id, eventType: e.eventType, clientId: e.clientId, summary: e.summary, resource: e.resource })) } };
}

type PayPalControl = (ctx: Ctx, w: World, input: Obj) => ControlResult | Promise<ControlResult>;

const withWorld =
  (run: PayPalControl) =>
  (ctx: Ctx, input: Obj): ControlResult | Promise<ControlResult> =>
    run(ctx, worldOf(ctx.rt), input);

export const PAYPAL_CONTROL: ControlRoutes = {
  "/settle": { POST: withWorld((_ctx, w, input) => settle(w, input)) },
  "/dashboard-refund": { POST: withWorld((_ctx, w, input) => dashboardRefund(w, input)) },
  "/dispute": { POST: withWorld((_ctx, w, input) => dispute(w, input)) },
  "/resend": { POST: withWorld((_ctx, w, input) => resend(w, input)) },
  "/deliveries": { GET: withWorld((ctx, w) => listDeliveries(ctx, w.state.deliveries, { event: (d) => d.eventId, webhook: (d) => d.webhookId })) },
  "/events": { GET: withWorld((ctx, w) => events(ctx, w)) },
};
