// Payrexx's side of the world that no API call reaches: the merchant admin, where
// the webhook URL is set (Payrexx has no API for it), instances are created and
// their API secret regenerated, refunds are made by hand, a chargeback arrives from
// the card holder's bank, and "Trigger webhook" sends a transaction again.
import { first, type Ctx } from "../core/context";
import { checkRefund, refundTransaction } from "../payrexx/flows/refund";
import { transactionView } from "../payrexx/objects";
import type { PayrexxInstance, PayrexxTransaction, WebhookContentType } from "../payrexx/state";
import { attemptDelivery, notify, snapshot } from "../payrexx/webhooks/deliver";
import { succeeded } from "../core/webhook-post";
import { payrexxWorld, type PayrexxWorld } from "../payrexx/world";
import type { ControlResult } from "./credentials";

type Obj = Record<string, unknown>;
const bad = (error: string): ControlResult => ({ status: 400, body: { error } });
const notFound = (error: string): ControlResult => ({ status: 404, body: { error } });
const conflict = (error: string): ControlResult => ({ status: 409, body: { error } });
const isResult = (v: object): v is ControlResult => "body" in v;

const INSTANCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_RESENDS = 100;

function instanceOf(w: PayrexxWorld, input: Obj): PayrexxInstance | ControlResult {
  if (typeof input.instance !== "string") return bad("instance must be an instance name");
  return w.state.instances.get(input.instance) ?? notFound(`no instance ${input.instance}`);
}

function transactionOf(w: PayrexxWorld, input: Obj): PayrexxTransaction | ControlResult {
  const id = typeof input.transaction === "number" ? input.transaction : typeof input.transaction === "string" ? Number(input.transaction) : Number.NaN;
  if (!Number.isInteger(id)) return bad("transaction must be a transaction id");
  return w.state.transactions.get(id) ?? notFound(`no transaction ${String(input.transaction)}`);
}

function webhookView(i: PayrexxInstance) {
  return { instance: i.name, webhook: i.webhook };
}

function setWebhookUrl(w: PayrexxWorld, input: Obj): ControlResult {
  const i = instanceOf(w, input);
  if (isResult(i)) return i;
  if (input.url === null) {
    i.webhook = null;
    return { status: 200, body: webhookView(i) };
  }
  if (typeof input.url !== "string" || !/^https?:\/\//.test(input.url)) return bad("url must be an http(s) URL, or null to remove it");
  const contentType = (input.contentType ?? "json") as WebhookContentType;
  if (contentType !== "json" && contentType !== "form") return bad('contentType must be "json" or "form" (Normal, PHP-Post)');
  i.webhook = { url: input.url, contentType };
  return { status: 200, body: webhookView(i) };
}

function upsertInstance(w: PayrexxWorld, input: Obj): ControlResult {
  if (typeof input.instance !== "string" || !INSTANCE_NAME.test(input.instance)) return bad("instance must be a lowercase name (letters, digits, hyphens)");
  if (typeof input.secret !== "string" || input.secret.length < 16) return bad("secret must be a string of at least 16 characters");
  const existing = w.state.instances.get(input.instance);
  if (existing) {
    existing.secret = input.secret;
    return { status: 200, body: { instance: existing.name } };
  }
  w.state.instances.set(input.instance, { name: input.instance, secret: input.secret, webhook: null });
  return { status: 201, body: { instance: input.instance } };
}

function dashboardRefund(w: PayrexxWorld, input: Obj): ControlResult {
  const tx = transactionOf(w, input);
  if (isResult(tx)) return tx;
  if (input.amount !== undefined && !(typeof input.amount === "number" && Number.isInteger(input.amount) && input.amount > 0)) return bad("amount must be a positive integer in cents");
  const check = checkRefund(tx, (input.amount as number | undefined) ?? null);
  if (!check.ok) return conflict(check.message);
  const refund = refundTransaction(w, tx, check.amount);
  return { status: 200, body: { refund: transactionView(w.state, refund), transaction: transactionView(w.state, tx) } };
}

function chargeback(w: PayrexxWorld, input: Obj): ControlResult {
  const tx = transactionOf(w, input);
  if (isResult(tx)) return tx;
  if (tx.status !== "confirmed" && tx.status !== "partially-refunded") return conflict(`transaction ${tx.id} is ${tx.status}; only a paid one can be charged back`);
  tx.status = "chargeback";
  notify(w, tx);
  return { status: 200, body: transactionView(w.state, tx) };
}

/**
 * "Trigger webhook" from the transaction's detail view: its status now, `times` at
 * once. Or, with `delivery`, the exact bytes of an earlier delivery again, as a late
 * retry of an old status would arrive.
 */
async function resend(w: PayrexxWorld, input: Obj): Promise<ControlResult> {
  const times = input.times ?? 1;
  if (typeof times !== "number" || !Number.isInteger(times) || times < 1 || times > MAX_RESENDS) return bad(`times must be an integer from 1 to ${MAX_RESENDS}`);
  let s;
  if (input.delivery !== undefined) {
    const d = w.state.deliveries.find((x) => x.id === input.delivery);
    if (!d) return notFound(`no delivery ${String(input.delivery)}`);
    s = { instance: d.instance, url: d.url, contentType: d.contentType, transactionId: d.transactionId, reported: d.reported, body: d.body, type: d.contentType === "json" ? "application/json" : "application/x-www-form-urlencoded" };
  } else {
    const tx = transactionOf(w, input);
    if (isResult(tx)) return tx;
    const instance = w.state.instances.get(tx.instance)!;
    s = snapshot(w, instance, tx);
    if (!s) return conflict(`instance ${tx.instance} has no webhook URL; set one with POST /_sandbox/payrexx/webhook-url`);
  }
  const trigger = input.delivery !== undefined ? "replay" : "resend";
  const deliveries = await Promise.all(Array.from({ length: times }, () => attemptDelivery(w, s, 1, trigger)));
  return { status: 200, body: { statuses: deliveries.map((d) => d.status), delivered: deliveries.filter(succeeded).length, deliveries: deliveries.map(({ body: _body, ...d }) => d) } };
}

function deliveries(ctx: Ctx, w: PayrexxWorld): ControlResult {
  const tx = first(ctx.query.transaction);
  const instance = first(ctx.query.instance);
  const list = w.state.deliveries.filter((d) => (tx === undefined || String(d.transactionId) === tx) && (instance === undefined || d.instance === instance));
  return { status: 200, body: { deliveries: list } };
}

type PayrexxControl = (ctx: Ctx, w: PayrexxWorld, input: Obj) => ControlResult | Promise<ControlResult>;

export const PAYREXX_CONTROL: Record<string, Record<string, PayrexxControl>> = {
  "/_sandbox/payrexx/webhook-url": {
    POST: (_ctx, w, input) => setWebhookUrl(w, input),
    GET: (ctx, w) => {
      const i = instanceOf(w, { instance: first(ctx.query.instance) });
      return isResult(i) ? i : { status: 200, body: webhookView(i) };
    },
  },
  "/_sandbox/payrexx/instances": { POST: (_ctx, w, input) => upsertInstance(w, input) },
  "/_sandbox/payrexx/dashboard-refund": { POST: (_ctx, w, input) => dashboardRefund(w, input) },
  "/_sandbox/payrexx/chargeback": { POST: (_ctx, w, input) => chargeback(w, input) },
  "/_sandbox/payrexx/resend": { POST: (_ctx, w, input) => resend(w, input) },
  "/_sandbox/payrexx/deliveries": { GET: (ctx, w) => deliveries(ctx, w) },
};

export async function runPayrexxControl(ctx: Ctx, handler: PayrexxControl, body: unknown): Promise<ControlResult> {
  const input = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Obj) : null;
  if (!input) return bad("send a JSON object");
  return handler(ctx, payrexxWorld(ctx.rt), input);
}
