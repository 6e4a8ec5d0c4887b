// The control API under /_sandbox/: faults, credentials, the request log, state reset
// and the inbox as JSON. For tests, benchmarks and people; never part of a provider.
import { first, type Ctx } from "../core/context";
import { sendFile, sendJson } from "../core/respond";
import { isProvider, providerChoices } from "../core/providers";
import { parseFault } from "../core/faults";
import { safeDecode } from "../core/path-template";
import { seedState } from "../state";
import { buildInbox } from "../inbox/model";
import { advanceClock, expire, mint, revoke, type ControlResult } from "./credentials";
import { runStripeControl, STRIPE_CONTROL } from "./stripe";
import { PAYREXX_CONTROL, runPayrexxControl } from "./payrexx";
import { PAYPAL_CONTROL, runPaypalControl } from "./paypal";
import { handleReceiver, RECEIVER_PREFIX, receiverJson } from "../receiver";
import { CONTROL_TOKEN_HEADER, controlAllowed } from "./token";

function jsonBody(ctx: Ctx): unknown {
  if (ctx.body.kind === "json") return ctx.body.value;
  if (ctx.body.kind === "none") return {};
  return undefined;
}

function reset(ctx: Ctx): ControlResult {
  const rt = ctx.rt;
  rt.clock.reset();
  rt.state = seedState(rt.clock.now());
  rt.faults.clear();
  rt.requests.clear();
  return { status: 200, body: { ok: true } };
}

function addFault(ctx: Ctx): ControlResult {
  const fault = parseFault(jsonBody(ctx), ctx.rt.faults.newId());
  if (typeof fault === "string") return { status: 400, body: { error: fault } };
  ctx.rt.faults.add(fault);
  return { status: 201, body: fault };
}

function requests(ctx: Ctx): ControlResult {
  const wanted = first(ctx.query.provider);
  const provider = wanted === undefined ? undefined : isProvider(wanted) ? wanted : null;
  if (provider === null) return { status: 400, body: { error: `provider must be ${providerChoices()}` } };
  return { status: 200, body: { requests: ctx.rt.requests.list(provider) } };
}

function attachment(ctx: Ctx, mailId: string, index: number): void {
  const mail = ctx.rt.state.sendgrid.mails.find((m) => m.id === mailId);
  const a = mail?.attachments[index];
  if (!a) return sendJson(ctx, 404, { error: "no such attachment" });
  sendFile(ctx, a.type ?? "application/octet-stream", a.filename, Buffer.from(a.content, "base64"));
}

type Handler = (ctx: Ctx) => ControlResult | Promise<ControlResult>;

const ROUTES: Record<string, Record<string, Handler>> = {
  "/_sandbox/health": { GET: (ctx) => ({ status: 200, body: { ok: true, validating: ctx.rt.specs.validating } }) },
  "/_sandbox/faults": {
    GET: (ctx) => ({ status: 200, body: { faults: ctx.rt.faults.list() } }),
    POST: addFault,
    DELETE: (ctx) => ({ status: 200, body: { cleared: ctx.rt.faults.clear() } }),
  },
  "/_sandbox/revoke": { POST: (ctx) => revoke(ctx.rt, jsonBody(ctx)) },
  "/_sandbox/expire": { POST: (ctx) => expire(ctx.rt, jsonBody(ctx)) },
  "/_sandbox/clock": { POST: (ctx) => advanceClock(ctx.rt, jsonBody(ctx)) },
  "/_sandbox/tokens": { POST: (ctx) => mint(ctx.rt, jsonBody(ctx)) },
  "/_sandbox/requests": { GET: requests },
  "/_sandbox/reset": { POST: reset },
  "/_sandbox/inbox.json": { GET: (ctx) => ({ status: 200, body: buildInbox(ctx.rt.state) }) },
  "/_sandbox/receiver.json": { GET: receiverJson },
};

/** Stripe's routes take the body as an object and the account's state. */
const STRIPE_ROUTES: Record<string, Record<string, Handler>> = Object.fromEntries(
  Object.entries(STRIPE_CONTROL).map(([path, methods]) => [
    path,
    Object.fromEntries(Object.entries(methods).map(([method, run]) => [method, (ctx: Ctx) => runStripeControl(ctx, run, jsonBody(ctx))])),
  ]),
);

/** Payrexx's, likewise: the merchant admin's side, by instance and transaction. */
const PAYREXX_ROUTES: Record<string, Record<string, Handler>> = Object.fromEntries(
  Object.entries(PAYREXX_CONTROL).map(([path, methods]) => [
    path,
    Object.fromEntries(Object.entries(methods).map(([method, run]) => [method, (ctx: Ctx) => runPayrexxControl(ctx, run, jsonBody(ctx))])),
  ]),
);

/** PayPal's, likewise: the merchant dashboard's and the buyer's side, by capture and event. */
const PAYPAL_ROUTES: Record<string, Record<string, Handler>> = Object.fromEntries(
  Object.entries(PAYPAL_CONTROL).map(([path, methods]) => [
    path,
    Object.fromEntries(Object.entries(methods).map(([method, run]) => [method, (ctx: Ctx) => runPaypalControl(ctx, run, jsonBody(ctx))])),
  ]),
);

export async function handleControl(ctx: Ctx): Promise<void> {
  // The demo webhook receiver takes any body, not the control API's JSON only,
  // and anyone may post to it. The path is the parsed URL's, dot segments already
  // resolved, so "/_sandbox/receiver/../reset" is the reset route, not the receiver.
  if (ctx.url.pathname.startsWith(RECEIVER_PREFIX)) return handleReceiver(ctx);
  if (!controlAllowed(ctx)) {
    return sendJson(ctx, 401, { error: `this control call needs the sandbox's control token in the ${CONTROL_TOKEN_HEADER} header (npm run sandbox prints it; SANDBOX_CONTROL_TOKEN sets it)` });
  }
  const path = ctx.url.pathname.replace(/\/$/, "");
  const file = path.match(/^\/_sandbox\/attachments\/([^/]+)\/(\d+)$/);
  if (file && ctx.method === "GET") return attachment(ctx, safeDecode(file[1]!), Number(file[2]));
  const fault = path.match(/^\/_sandbox\/faults\/([^/]+)$/);
  if (fault && ctx.method === "DELETE") {
    const removed = ctx.rt.faults.remove(safeDecode(fault[1]!));
    return sendJson(ctx, removed ? 200 : 404, removed ? { removed: fault[1] } : { error: "no such fault" });
  }
  const route = ROUTES[path] ?? STRIPE_ROUTES[path] ?? PAYREXX_ROUTES[path] ?? PAYPAL_ROUTES[path];
  if (!route) return sendJson(ctx, 404, { error: `no control endpoint ${path}` });
  const handler = route[ctx.method];
  if (!handler) return sendJson(ctx, 405, { error: `${ctx.method} is not allowed on ${path}` });
  if (ctx.method === "POST" && jsonBody(ctx) === undefined) return sendJson(ctx, 400, { error: "send a JSON body" });
  const result = await handler(ctx);
  sendJson(ctx, result.status, result.body);
}
