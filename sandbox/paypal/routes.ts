// One PayPal API request: find the operation, authenticate the bearer token, check
// the request against PayPal's spec for that API, honour PayPal-Request-Id, run it,
// and answer in PayPal's shape with a Paypal-Debug-Id header.
import { header, type Ctx } from "../core/context";
import { compileTemplate, type PathMatcher } from "../core/path-template";
import { record } from "../core/record";
import { sendEmpty, sendFile, sendJson } from "../core/respond";
import type { Issue } from "../core/validation-outcome";
import { NOT_CHECKED } from "../core/validation-outcome";
import type { OpenApi3Spec } from "../validation/openapi3";
import { PAYPAL_SPECS, type PayPalSpecs } from "./spec";
import { captureOrderNow, createOrder, getOrder, orderAnswer } from "./api/orders";
import { getCapture, getRefund, refundAnswer, refundCaptureNow } from "./api/payments";
import { verifyWebhookSignature } from "./api/verify";
import { createWebhook, deleteWebhook, getWebhook, getWebhookEvent, listWebhooks, updateWebhook } from "./api/webhooks";
import { authenticate, isAnswer, issueToken } from "./auth";
import type { Operation, PayPalCall, Result } from "./call";
import { fail, type Detail, type PayPalAnswer } from "./errors";
import { debugId } from "./ids";
import { findPrior, remember } from "./idempotency";
import { CERT_PATH, publicKeyPem } from "./webhooks/sign";
import type { World } from "./world";

export const TOKEN_PATH = "/v1/oauth2/token";

interface Route {
  method: string;
  template: string;
  match: PathMatcher;
  run: Operation;
  /** Honours PayPal-Request-Id. */
  idempotent: boolean;
}

const route = (method: string, template: string, run: Operation, idempotent = false): Route => ({ method, template, match: compileTemplate(template), run, idempotent });

const ROUTES: Route[] = [
  route("POST", "/v2/checkout/orders", createOrder, true),
  route("GET", "/v2/checkout/orders/{id}", getOrder),
  route("POST", "/v2/checkout/orders/{id}/capture", captureOrderNow, true),
  route("GET", "/v2/payments/captures/{capture_id}", getCapture),
  route("POST", "/v2/payments/captures/{capture_id}/refund", refundCaptureNow, true),
  route("GET", "/v2/payments/refunds/{refund_id}", getRefund),
  route("POST", "/v1/notifications/webhooks", createWebhook),
  route("GET", "/v1/notifications/webhooks", listWebhooks),
  route("GET", "/v1/notifications/webhooks/{webhook_id}", getWebhook),
  route("PATCH", "/v1/notifications/webhooks/{webhook_id}", updateWebhook),
  route("DELETE", "/v1/notifications/webhooks/{webhook_id}", deleteWebhook),
  route("GET", "/v1/notifications/webhooks-events/{event_id}", getWebhookEvent),
  route("POST", "/v1/notifications/verify-webhook-signature", verifyWebhookSignature),
];

/** What is emulated, so a test can hold it to the specs' paths and methods. */
export const EMULATED_PAYPAL_OPERATIONS = ROUTES.map(({ method, template }) => ({ method, template }));

export function send(ctx: Ctx, answer: PayPalAnswer, headers: Record<string, string> = {}): void {
  const all = { "Paypal-Debug-Id": debugId(), ...headers };
  if (answer.status === 204) return sendEmpty(ctx, 204, all);
  sendJson(ctx, answer.status, answer.body, all);
}

/** PayPal publishes one spec per API; the path says which. */
function specFor(specs: PayPalSpecs, path: string): OpenApi3Spec | undefined {
  if (path.startsWith("/v2/checkout/")) return specs.orders;
  if (path.startsWith("/v2/payments/")) return specs.payments;
  if (path.startsWith("/v1/notifications/")) return specs.webhooks;
  return undefined;
}

const ISSUE_BY_RULE: Record<string, string> = {
  required: "MISSING_REQUIRED_PARAMETER",
  minLength: "INVALID_STRING_LENGTH",
  maxLength: "INVALID_STRING_LENGTH",
  pattern: "INVALID_PARAMETER_SYNTAX",
  format: "INVALID_PARAMETER_SYNTAX",
  type: "INVALID_PARAMETER_SYNTAX",
  enum: "INVALID_PARAMETER_VALUE",
  const: "INVALID_PARAMETER_VALUE",
  minItems: "INVALID_ARRAY_MIN_ITEMS",
  maxItems: "INVALID_ARRAY_MAX_ITEMS",
};

/** A spec issue in PayPal's words: the field as a JSON pointer, the issue as PayPal names it. */
function detailOf(issue: Issue): Detail {
  const location = issue.location === "formData" ? "body" : issue.location;
  const field = location === "body" ? `/${issue.path.split(".").filter(Boolean).join("/")}` : issue.path;
  return { field, location, issue: ISSUE_BY_RULE[issue.rule] ?? "INVALID_PARAMETER_VALUE", description: issue.message };
}

/** The JSON body PayPal's POST and PATCH take; anything else is refused as PayPal refuses it. */
function readBody(ctx: Ctx): { value: unknown } | PayPalAnswer {
  switch (ctx.body.kind) {
    case "none":
      return { value: undefined };
    case "json":
      return { value: ctx.body.value };
    case "invalid":
      return fail(400, [{ issue: "MALFORMED_REQUEST_JSON", location: "body", description: "The request JSON is not well formed." }]);
    default:
      if (ctx.method === "GET" || ctx.method === "DELETE") return { value: undefined };
      return fail(415, [{ issue: "UNSUPPORTED_MEDIA_TYPE", location: "header", field: "Content-Type", description: "The request payload is not supported; send application/json." }]);
  }
}

function replay(call: PayPalCall, kind: "order" | "refund", id: string): PayPalAnswer {
  if (kind === "order") return orderAnswer(call, call.w.state.orders.get(id)!, 200);
  return refundAnswer(call, call.w.state.refunds.get(id)!, 200);
}

export async function handleApi(ctx: Ctx, w: World): Promise<void> {
  const path = ctx.subpath;
  if (path === TOKEN_PATH) {
    record(ctx, "paypal oauth2.token (no spec file describes it)");
    if (ctx.method !== "POST") return send(ctx, fail(405));
    return send(ctx, issueToken(ctx, w));
  }
  if (path === CERT_PATH && ctx.method === "GET") {
    record(ctx, "paypal webhook signing certificate (no spec file describes it)");
    return sendFile(ctx, "application/x-pem-file", "paypal-sandbox-signing-key.pem", Buffer.from(publicKeyPem()));
  }

  const specs = await ctx.rt.specs.load(PAYPAL_SPECS);
  const spec = specs ? specFor(specs, path) : undefined;
  const op = spec?.operation(ctx.method, path);
  const found = ROUTES.map((r) => ({ r, params: r.method === ctx.method ? r.match(path) : null })).find((x) => x.params !== null);
  if (!found) {
    record(ctx, op ? `paypal ${op.id}` : null, op ? { ...NOT_CHECKED, notes: ["in PayPal's spec, but not emulated by the sandbox"] } : undefined);
    return send(ctx, fail(404));
  }
  const operation = `paypal ${op?.id ?? `${ctx.method} ${found.r.template}`}`;
  record(ctx, operation);

  const auth = authenticate(ctx, w);
  if (isAnswer(auth)) return send(ctx, auth);
  const body = readBody(ctx);
  if ("status" in body) return send(ctx, body);

  if (spec && op) {
    const outcome = spec.validate(op, { query: ctx.query, headers: ctx.req.headers, body: body.value });
    record(ctx, operation, outcome);
    if (outcome.issues.length > 0) return send(ctx, fail(400, outcome.issues.map(detailOf)));
  } else if (specs) {
    record(ctx, operation, { checked: true, issues: [], notes: [`${ctx.method} ${found.r.template} is not in PayPal's spec files`] });
  }

  const call: PayPalCall = {
    w,
    ctx,
    clientId: auth.clientId,
    body: body.value,
    pathParams: found.params!,
    representation: /return=representation/i.test(header(ctx, "prefer") ?? ""),
  };
  const requestId = found.r.idempotent ? (header(ctx, "paypal-request-id") ?? null) : null;
  if (requestId !== null) {
    const prior = findPrior(w, auth.clientId, requestId, ctx.method, path);
    if (prior && "refuse" in prior) return send(ctx, prior.refuse);
    if (prior) return send(ctx, replay(call, prior.replay.resource.kind, prior.replay.resource.id));
  }
  const result: Result = found.r.run(call);
  if (requestId !== null && result.made) remember(w, auth.clientId, requestId, { method: ctx.method, path, resource: result.made });
  send(ctx, result);
}
