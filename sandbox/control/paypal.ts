// PayPal's side of the world that no API call of ours reaches: an eCheck clearing or
// bouncing, refunds made in the merchant's PayPal dashboard, a buyer opening a case,
// and webhooks sent again on purpose (twice, twenty times, badly signed, signed for
// another webhook) to test a receiver.
import { first, type Ctx } from "../core/context";
import { settleCapture } from "../paypal/flows/capture";
import { DISPUTE_REASONS, openDispute } from "../paypal/flows/dispute";
import { checkRefund, refundCapture } from "../paypal/flows/refund";
import { parseValue } from "../paypal/money";
import { captureView } from "../paypal/objects/capture";
import { refundView } from "../paypal/objects/refund";
import type { PaypalCapture, SignatureKind } from "../paypal/state";
import { attemptDelivery, webhooksFor } from "../paypal/webhooks/deliver";
import { succeeded } from "../core/webhook-post";
import { worldOf, type World } from "../paypal/world";
import type { ControlResult } from "./credentials";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const bad = (error: string): ControlResult => ({ status: 400, body: { error } });
const notFound = (error: string): ControlResult => ({ status: 404, body: { error } });
const conflict = (error: string): ControlResult => ({ status: 409, body: { error } });

const MAX_RESENDS = 100;
const SIGNATURES: SignatureKind[] = ["valid", "forged", "other-webhook"];

function capture(w: World, input: Obj): PaypalCapture | ControlResult {
  if (typeof input.capture !== "string") return bad("capture must be a capture id");
  return w.state.captures.get(input.capture) ?? notFound(`no capture ${input.capture}`);
}

const isResult = (v: PaypalCapture | ControlResult): v is ControlResult => "body" in v;

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
  const c = capture(w, input);
  if (isResult(c)) return c;
  const reason = input.reason ?? "MERCHANDISE_OR_SERVICE_NOT_RECEIVED";
  if (typeof reason !== "string" || !DISPUTE_REASONS.includes(reason)) return bad(`reason must be one of ${DISPUTE_REASONS.join(", ")}`);
  const d = openDispute(w, c, reason);
  if (typeof d === "string") return conflict(d);
  return { status: 200, body: { dispute_id: d.id, capture: c.id } };
}

/** Sends a stored event again, `times` deliveries at once to each webhook, each a single attempt. */
async function resend(w: World, input: Obj): Promise<ControlResult> {
  if (typeof input.event !== "string") return bad("event must be a webhook event id (WH-…)");
  const event = w.state.events.find((e) => e.id === input.event);
  if (!event) return notFound(`no event ${input.event}`);
  const times = input.times ?? 1;
  if (typeof times !== "number" || !Number.isInteger(times) || times < 1 || times > MAX_RESENDS) return bad(`times must be an integer from 1 to ${MAX_RESENDS}`);
  const signature = input.signature ?? "valid";
  if (!SIGNATURES.includes(signature as SignatureKind)) return bad(`signature must be one of ${SIGNATURES.join(", ")}`);
  if (input.signAs !== undefined && (typeof input.signAs !== "string" || signature !== "other-webhook")) return bad('signAs (a webhook id) goes with signature "other-webhook"');
  let webhooks = webhooksFor(w, event);
  if (input.webhook !== undefined) {
    const chosen = typeof input.webhook === "string" ? w.state.webhooks.get(input.webhook) : undefined;
    if (!chosen) return notFound(`no webhook ${String(input.webhook)}`);
    webhooks = [chosen];
  }
  if (webhooks.length === 0) return conflict(`no webhook of this app listens for ${event.eventType}`);
  const opts = { attempt: 1, trigger: "resend" as const, signature: signature as SignatureKind, signAs: input.signAs as string | undefined };
  const deliveries = await Promise.all(webhooks.flatMap((h) => Array.from({ length: times }, () => attemptDelivery(w, event, h, opts))));
  return {
    status: 200,
    body: {
      event: event.id,
      signature,
      statuses: deliveries.map((d) => d.status),
      delivered: deliveries.filter(succeeded).length,
      deliveries: deliveries.map((d) => ({ webhook: d.webhookId, url: d.url, status: d.status, error: d.error, durationMs: d.durationMs })),
    },
  };
}

function deliveries(ctx: Ctx, w: World): ControlResult {
  const event = first(ctx.query.event);
  const webhook = first(ctx.query.webhook);
  const list = w.state.deliveries.filter((d) => (event === undefined || d.eventId === event) && (webhook === undefined || d.webhookId === webhook));
  return { status: 200, body: { deliveries: list } };
}

function events(ctx: Ctx, w: World): ControlResult {
  const type = first(ctx.query.type);
  return { status: 200, body: { events: w.state.events.filter((e) => type === undefined || e.eventType === type).map((e) => ({ id: e.id, eventType: e.eventType, clientId: e.clientId, summary: e.summary, resource: e.resource })) } };
}

type PaypalControl = (ctx: Ctx, w: World, input: Obj) => ControlResult | Promise<ControlResult>;

export const PAYPAL_CONTROL: Record<string, Record<string, PaypalControl>> = {
  "/_sandbox/paypal/settle": { POST: (_ctx, w, input) => settle(w, input) },
  "/_sandbox/paypal/dashboard-refund": { POST: (_ctx, w, input) => dashboardRefund(w, input) },
  "/_sandbox/paypal/dispute": { POST: (_ctx, w, input) => dispute(w, input) },
  "/_sandbox/paypal/resend": { POST: (_ctx, w, input) => resend(w, input) },
  "/_sandbox/paypal/deliveries": { GET: (ctx, w) => deliveries(ctx, w) },
  "/_sandbox/paypal/events": { GET: (ctx, w) => events(ctx, w) },
};

export async function runPaypalControl(ctx: Ctx, handler: PaypalControl, body: unknown): Promise<ControlResult> {
  const input = obj(body);
  if (!input) return bad("send a JSON object");
  return handler(ctx, worldOf(ctx.rt), input);
}
