// Payrexx's side of the world that no API call reaches: the merchant admin, where
// the webhook URL is set (Payrexx has no API for it), instances are created and
// their API secret regenerated, refunds are made by hand, a chargeback arrives from
// the card holder's bank, and "Trigger webhook" sends a transaction again.
import { first, type Ctx } from "../core/context";
import { bad, conflict, isResult, notFound, type ControlInput as Obj, type ControlResult, type ControlRoutes } from "../core/control";
import { listDeliveries, resend as resendEach, resendAnswer, resendTimes } from "../core/deliveries";
import { checkRefund, refundTransaction } from "./flows/refund";
import { transactionView } from "./objects";
import type { PayrexxInstance, PayrexxTransaction, WebhookContentType } from "./state";
import { attemptDelivery, notify, snapshot } from "./webhooks/deliver";
import { payrexxWorld, type PayrexxWorld } from "./world";

const INSTANCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

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
  const times = resendTimes(input);
  if (typeof times !== "number") return times;
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
  const deliveries = await resendEach([s], times, (snap) => attemptDelivery(w, snap, 1, trigger));
  return resendAnswer(deliveries, ({ body: _body, ...d }) => d);
}

type PayrexxControl = (ctx: Ctx, w: PayrexxWorld, input: Obj) => ControlResult | Promise<ControlResult>;

const withWorld =
  (run: PayrexxControl) =>
  (ctx: Ctx, input: Obj): ControlResult | Promise<ControlResult> =>
    run(ctx, payrexxWorld(ctx.rt), input);

export const PAYREXX_CONTROL: ControlRoutes = {
  "/webhook-url": {
    POST: withWorld((_ctx, w, input) => setWebhookUrl(w, input)),
    GET: withWorld((ctx, w) => {
      const i = instanceOf(w, { instance: first(ctx.query.instance) });
      return isResult(i) ? i : { status: 200, body: webhookView(i) };
    }),
  },
  "/instances": { POST: withWorld((_ctx, w, input) => upsertInstance(w, input)) },
  "/dashboard-refund": { POST: withWorld((_ctx, w, input) => dashboardRefund(w, input)) },
  "/chargeback": { POST: withWorld((_ctx, w, input) => chargeback(w, input)) },
  "/resend": { POST: withWorld((_ctx, w, input) => resend(w, input)) },
  "/deliveries": { GET: withWorld((ctx, w) => listDeliveries(ctx, w.state.deliveries, { transaction: (d) => String(d.transactionId), instance: (d) => d.instance })) },
};
