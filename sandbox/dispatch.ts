// One HTTP request from arrival to answer: parse it, log it, let any injected fault
// act first, then hand it to the provider it is addressed to.
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { BodyTooLarge, bodyForLog, parseBody, parseForm, readBody } from "./core/body";
import type { Ctx, Runtime } from "./core/context";
import type { ProviderModule } from "./core/provider-module";
import { isProvider, type Provider } from "./core/providers";
import { sendHtml, sendJson } from "./core/respond";
import { handleControl } from "./control";
import { googleModule } from "./google";
import { inboxPage } from "./inbox/page";
import { sendgridModule } from "./sendgrid";
import { slackModule } from "./slack";
import { isStripePath, stripeModule } from "./stripe";
import { payrexxModule } from "./payrexx";
import { paypalModule } from "./paypal";
import { NOT_CHECKED } from "./validation/types";

const MODULES: Record<Provider, ProviderModule> = { slack: slackModule, sendgrid: sendgridModule, google: googleModule, stripe: stripeModule, payrexx: payrexxModule, paypal: paypalModule };

/** SendGrid's own ceiling is 30 MB a message; a little above it, so SendGrid-sized mail still arrives. */
const BODY_LIMIT = 32 * 1024 * 1024;

/**
 * googleapis keeps only the origin of a client-wide rootUrl (it resolves "/calendar/v3/…"
 * against it), so Calendar calls made with rootUrl `${url}/google/` arrive at the root.
 */
const GOOGLE_AT_ROOT = "/calendar/v3/";

function route(pathname: string): { provider: Provider; subpath: string } | null {
  if (pathname.startsWith(GOOGLE_AT_ROOT)) return { provider: "google", subpath: pathname };
  // stripe-node takes no path prefix, so Stripe's API (/v1/…) and its Checkout pages live at the root.
  if (isStripePath(pathname)) return { provider: "stripe", subpath: pathname };
  const first = pathname.split("/")[1] ?? "";
  return isProvider(first) ? { provider: first, subpath: pathname.slice(first.length + 1) || "/" } : null;
}

async function throughFaults(ctx: Ctx, module: ProviderModule, provider: Provider): Promise<void> {
  const plan = ctx.rt.faults.take(provider, ctx.url.pathname);
  if (ctx.entry && plan.applied.length > 0) ctx.entry.fault = plan.terminal?.kind ?? "latency";
  if (plan.latencyMs > 0) {
    try {
      await sleep(plan.latencyMs, undefined, { signal: ctx.rt.stopping });
    } catch {
      return;
    }
  }
  const fault = plan.terminal;
  if (!fault) return module.handle(ctx);
  switch (fault.kind) {
    case "status":
      return module.fail(ctx, fault.status ?? 500);
    case "rate_limit":
      return module.fail(ctx, 429, fault.retryAfterAsked || module.retryAfterOn429 !== false ? fault.retryAfterSeconds : undefined);
    case "reset":
      ctx.req.socket.destroy();
      return;
    case "timeout":
      // Accepted and never answered: the client's own timeout ends it, or stop() does.
      return;
    case "latency":
      return module.handle(ctx);
  }
}

async function handleProvider(ctx: Ctx, provider: Provider): Promise<void> {
  const providerModule = MODULES[provider];
  const started = performance.now();
  ctx.entry = ctx.rt.requests.add({
    at: new Date(ctx.rt.clock.now()).toISOString(),
    provider,
    method: ctx.method,
    path: ctx.url.pathname,
    query: ctx.query,
    body: bodyForLog(ctx.body, ctx.raw),
    operation: null,
    validation: NOT_CHECKED,
    status: null,
    fault: null,
    durationMs: null,
  });
  try {
    await throughFaults(ctx, providerModule, provider);
  } catch (err) {
    ctx.rt.log(`${provider} ${ctx.method} ${ctx.url.pathname} failed: ${(err as Error).stack ?? String(err)}`);
    providerModule.fail(ctx, 500);
  }
  if (ctx.entry.status !== null) ctx.entry.durationMs = Math.round(performance.now() - started);
}

async function handleLocal(ctx: Ctx): Promise<void> {
  const path = ctx.url.pathname;
  if (path === "/_sandbox" || path.startsWith("/_sandbox/")) return handleControl(ctx);
  if (path === "/" && ctx.method === "GET") return sendHtml(ctx, 200, inboxPage(ctx.rt));
  sendJson(ctx, 404, { error: `nothing at ${path}; providers live under /slack, /sendgrid, /google and (Stripe) /v1 and /checkout, the control API under /_sandbox` });
}

export async function dispatch(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox.invalid");
  const target = route(url.pathname);
  const provider = target?.provider ?? null;
  const ctx: Ctx = {
    rt,
    req,
    res,
    method: (req.method ?? "GET").toUpperCase(),
    url,
    subpath: target?.subpath ?? url.pathname,
    query: parseForm(url.search.slice(1)),
    raw: Buffer.alloc(0),
    body: { kind: "none" },
    entry: null,
  };
  try {
    ctx.raw = await readBody(req, BODY_LIMIT);
  } catch (err) {
    if (!(err instanceof BodyTooLarge)) return void req.socket.destroy();
    return provider ? MODULES[provider].fail(ctx, 413) : sendJson(ctx, 413, { error: err.message });
  }
  ctx.body = parseBody(ctx.raw, req.headers["content-type"]);
  try {
    if (provider) await handleProvider(ctx, provider);
    else await handleLocal(ctx);
  } catch (err) {
    rt.log(`${ctx.method} ${url.pathname} failed: ${(err as Error).stack ?? String(err)}`);
    sendJson(ctx, 500, { error: "sandbox error" });
  }
}
