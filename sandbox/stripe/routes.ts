// One Stripe API request: find the operation, authenticate, honour Idempotency-Key,
// check the parameters against Stripe's spec, run it, answer in Stripe's shape.
import type { Ctx } from "../core/context";
import { header } from "../core/context";
import { compileTemplate, type PathMatcher } from "../core/path-template";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { decodeDeepObject, type FormObject } from "../validation/deep-object";
import { NOT_CHECKED } from "../core/validation-outcome";
import { retrieveAccount, retrieveBalance } from "./api/account";
import { createSession, expireSessionNow, listLineItems, listSessions, retrieveSession } from "./api/checkout-sessions";
import { createCustomer, deleteCustomer, listCustomers, retrieveCustomer, searchCustomers, updateCustomer } from "./api/customers";
import { listEvents, retrieveEvent } from "./api/events";
import { createPrice, listPrices, retrievePrice, updatePrice } from "./api/prices";
import { createProduct, listProducts, retrieveProduct, updateProduct } from "./api/products";
import { retrieveCharge, retrieveDispute, retrievePaymentIntent } from "./api/payments";
import { createPortalSession } from "./api/portal-sessions";
import { cancelSubscription, listSubscriptions, retrieveSubscription, updateSubscriptionOp } from "./api/subscriptions";
import { createRefund, listRefunds, retrieveRefund } from "./api/refunds";
import { createEndpoint, deleteEndpoint, listEndpoints, retrieveEndpoint } from "./api/webhook-endpoints";
import { authenticate, isAnswer } from "./auth";
import type { Operation } from "./call";
import { errorBody, unrecognizedUrl, type StripeAnswer } from "./errors";
import { expireDue } from "./flows/expire";
import { overdueDue } from "./flows/invoice";
import { createInvoiceItem, deleteInvoiceItem, listInvoiceItems, retrieveInvoiceItem } from "./api/invoice-items";
import {
  createInvoiceOp,
  deleteInvoice,
  finalizeInvoiceOp,
  listInvoiceLines,
  listInvoices,
  markUncollectibleOp,
  payInvoice,
  retrieveInvoice,
  sendInvoiceOp,
  updateInvoice,
  voidInvoiceOp,
} from "./api/invoices";
import { findPrior, fingerprint, remember } from "./idempotency";
import type { World } from "./world";
import { STRIPE_SPEC } from "./spec";

interface Route {
  method: string;
  template: string;
  match: PathMatcher;
  run: Operation;
}

const route = (method: string, template: string, run: Operation): Route => ({ method, template, match: compileTemplate(template), run });

const ROUTES: Route[] = [
  route("GET", "/v1/balance", retrieveBalance),
  route("GET", "/v1/account", retrieveAccount),
  route("POST", "/v1/webhook_endpoints", createEndpoint),
  route("GET", "/v1/webhook_endpoints", listEndpoints),
  route("GET", "/v1/webhook_endpoints/{webhook_endpoint}", retrieveEndpoint),
  route("DELETE", "/v1/webhook_endpoints/{webhook_endpoint}", deleteEndpoint),
  route("POST", "/v1/checkout/sessions", createSession),
  route("GET", "/v1/checkout/sessions", listSessions),
  route("GET", "/v1/checkout/sessions/{session}", retrieveSession),
  route("POST", "/v1/checkout/sessions/{session}/expire", expireSessionNow),
  route("GET", "/v1/checkout/sessions/{session}/line_items", listLineItems),
  route("GET", "/v1/payment_intents/{intent}", retrievePaymentIntent),
  route("GET", "/v1/charges/{charge}", retrieveCharge),
  route("GET", "/v1/disputes/{dispute}", retrieveDispute),
  route("POST", "/v1/refunds", createRefund),
  route("GET", "/v1/refunds", listRefunds),
  route("GET", "/v1/refunds/{refund}", retrieveRefund),
  route("POST", "/v1/customers", createCustomer),
  route("GET", "/v1/customers", listCustomers),
  route("GET", "/v1/customers/search", searchCustomers),
  route("GET", "/v1/customers/{customer}", retrieveCustomer),
  route("POST", "/v1/customers/{customer}", updateCustomer),
  route("DELETE", "/v1/customers/{customer}", deleteCustomer),
  route("POST", "/v1/products", createProduct),
  route("GET", "/v1/products", listProducts),
  route("GET", "/v1/products/{id}", retrieveProduct),
  route("POST", "/v1/products/{id}", updateProduct),
  route("POST", "/v1/prices", createPrice),
  route("GET", "/v1/prices", listPrices),
  route("GET", "/v1/prices/{price}", retrievePrice),
  route("POST", "/v1/prices/{price}", updatePrice),
  route("GET", "/v1/subscriptions", listSubscriptions),
  route("GET", "/v1/subscriptions/{subscription_exposed_id}", retrieveSubscription),
  route("POST", "/v1/subscriptions/{subscription_exposed_id}", updateSubscriptionOp),
  route("DELETE", "/v1/subscriptions/{subscription_exposed_id}", cancelSubscription),
  route("POST", "/v1/invoiceitems", createInvoiceItem),
  route("GET", "/v1/invoiceitems", listInvoiceItems),
  route("GET", "/v1/invoiceitems/{invoiceitem}", retrieveInvoiceItem),
  route("DELETE", "/v1/invoiceitems/{invoiceitem}", deleteInvoiceItem),
  route("POST", "/v1/invoices", createInvoiceOp),
  route("GET", "/v1/invoices", listInvoices),
  route("GET", "/v1/invoices/{invoice}", retrieveInvoice),
  route("POST", "/v1/invoices/{invoice}", updateInvoice),
  route("DELETE", "/v1/invoices/{invoice}", deleteInvoice),
  route("GET", "/v1/invoices/{invoice}/lines", listInvoiceLines),
  route("POST", "/v1/invoices/{invoice}/finalize", finalizeInvoiceOp),
  route("POST", "/v1/invoices/{invoice}/send", sendInvoiceOp),
  route("POST", "/v1/invoices/{invoice}/pay", payInvoice),
  route("POST", "/v1/invoices/{invoice}/void", voidInvoiceOp),
  route("POST", "/v1/invoices/{invoice}/mark_uncollectible", markUncollectibleOp),
  route("POST", "/v1/billing_portal/sessions", createPortalSession),
  route("GET", "/v1/events", listEvents),
  route("GET", "/v1/events/{id}", retrieveEvent),
];

/** What is emulated, so a test can hold it to the spec's paths and methods. */
export const EMULATED_STRIPE_OPERATIONS = ROUTES.map(({ method, template }) => ({ method, template }));

function send(ctx: Ctx, answer: StripeAnswer, headers: Record<string, string> = {}): void {
  sendJson(ctx, answer.status, answer.body, headers);
}

/** Stripe reads parameters from the query string and, for POST, the form body as well. */
function readParams(ctx: Ctx): { params: FormObject; flat: Record<string, string | string[]> } | StripeAnswer {
  if (ctx.method !== "POST" || ctx.body.kind === "none") return { params: decodeDeepObject(ctx.query), flat: ctx.query };
  if (ctx.body.kind !== "form") {
    const type = ctx.body.kind === "other" || ctx.body.kind === "invalid" ? ctx.body.contentType : "application/json";
    return {
      status: 400,
      body: errorBody({ type: "invalid_request_error", message: `Invalid request: unsupported Content-Type ${type}. If error persists and you need assistance, please contact support@stripe.com.` }),
      replayable: false,
    };
  }
  const flat = { ...ctx.query, ...ctx.body.value };
  return { params: decodeDeepObject(flat), flat };
}

export async function handleApi(ctx: Ctx, w: World, requestId: string): Promise<void> {
  const path = ctx.subpath;
  const spec = await ctx.rt.specs.load(STRIPE_SPEC);
  const op = spec?.operation(ctx.method, path);
  const found = ROUTES.map((r) => ({ r, params: r.method === ctx.method ? r.match(path) : null })).find((x) => x.params !== null);
  if (!found) {
    record(ctx, op ? `stripe ${op.id}` : null, op ? { ...NOT_CHECKED, notes: ["in Stripe's spec, but not emulated by the sandbox"] } : undefined);
    return send(ctx, unrecognizedUrl(ctx.method, path));
  }
  const operation = `stripe ${op?.id ?? `${ctx.method} ${found.r.template}`}`;
  record(ctx, operation);

  const key = authenticate(ctx, w.state);
  if (isAnswer(key)) return send(ctx, key);
  expireDue(w);
  overdueDue(w);
  const read = readParams(ctx);
  if ("status" in read) return send(ctx, read);

  const idempotencyKey = ctx.method === "POST" ? (header(ctx, "idempotency-key") ?? null) : null;
  const print = fingerprint(read.flat);
  if (idempotencyKey !== null) {
    const prior = findPrior(w, key.livemode, idempotencyKey, ctx.method, path, print);
    if (prior && "refuse" in prior) return send(ctx, prior.refuse);
    if (prior) {
      return sendJson(ctx, prior.replay.status, prior.replay.body, { "Idempotency-Key": idempotencyKey, "Idempotent-Replayed": "true", "Original-Request": prior.replay.requestId });
    }
  }

  if (spec && op) {
    const outcome = spec.validate(op, ctx.method === "POST" ? { query: {}, body: read.params } : { query: read.params, body: {} });
    record(ctx, operation, outcome);
    const first = outcome.issues[0];
    if (first) return send(ctx, { status: 400, body: errorBody({ type: "invalid_request_error", message: first.message, param: first.path, code: first.code }), replayable: false });
  } else if (spec) {
    record(ctx, operation, { checked: true, issues: [], notes: [`${ctx.method} ${found.r.template} is not in Stripe's spec (2020-08-27)`] });
  }

  const answer = found.r.run({ w, ctx, key, params: read.params, pathParams: found.params!, cause: { requestId, idempotencyKey } });
  if (idempotencyKey !== null && answer.replayable) {
    remember(w, key.livemode, idempotencyKey, { method: ctx.method, path, fingerprint: print, status: answer.status, body: answer.body, requestId });
  }
  send(ctx, answer, idempotencyKey !== null ? { "Idempotency-Key": idempotencyKey } : {});
}
