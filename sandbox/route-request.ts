// One HTTP request from arrival to answer: parse it, log it, let any injected fault
// act first, then hand it to the provider it is addressed to.
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { BodyTooLarge, bodyForLog, parseBody, parseForm, readBody } from "./core/body";
import type { Ctx, Runtime } from "./core/context";
import type { ProviderModule } from "./core/provider-module";
import { sendHtml, sendJson } from "./core/respond";
import { handleControl } from "./control";
import { inboxPage } from "./inbox/page";
import { MODULES } from "./registry";
import { NOT_CHECKED } from "./core/validation-outcome";

const BY_NAME = new Map<string, ProviderModule>(MODULES.providers.map((m) => [m.name, m]));
/** Root prefixes a provider owns besides /<name>/, longest first. */
const AT_ROOT = MODULES.providers.flatMap((m) => (m.rootPaths ?? []).map((prefix) => ({ prefix, module: m }))).sort((a, b) => b.prefix.length - a.prefix.length);

/** SendGrid's own ceiling is 30 MB a message; a little above it, so SendGrid-sized mail still arrives. */
const BODY_LIMIT = 32 * 1024 * 1024;

function route(pathname: string): { module: ProviderModule; subpath: string } | null {
  const owned = AT_ROOT.find((r) => pathname.startsWith(r.prefix));
  if (owned) return { module: owned.module, subpath: pathname };
  const first = pathname.split("/")[1] ?? "";
  const named = BY_NAME.get(first);
  return named ? { module: named, subpath: pathname.slice(first.length + 1) || "/" } : null;
}

async function throughFaults(ctx: Ctx, module: ProviderModule): Promise<void> {
  const plan = ctx.rt.faults.take(module.name, ctx.url.pathname);
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

async function handleProvider(ctx: Ctx, providerModule: ProviderModule): Promise<void> {
  const provider = providerModule.name;
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
    await throughFaults(ctx, providerModule);
  } catch (err) {
    ctx.rt.log(`${provider} ${ctx.method} ${ctx.url.pathname} failed: ${(err as Error).stack ?? String(err)}`);
    providerModule.fail(ctx, 500);
  }
  if (ctx.entry.status !== null) ctx.entry.durationMs = Math.round(performance.now() - started);
}

async function handleLocal(ctx: Ctx): Promise<void> {
  const path = ctx.url.pathname;
  if (path === "/" && ctx.method === "GET") return sendHtml(ctx, 200, inboxPage(ctx.rt, MODULES.all, ctx.url.searchParams.get("week"), ctx.url.searchParams.get("only")));
  if (path === "/_sandbox" || path.startsWith("/_sandbox/")) return handleControl(ctx, MODULES);
  const where = MODULES.providers.map((m) => [`/${m.name}`, ...(m.rootPaths ?? [])].join(", ")).join("; ");
  sendJson(ctx, 404, { error: `nothing at ${path}; providers live under ${where}, the control API under /_sandbox` });
}

export async function routeRequest(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox.invalid");
  const target = route(url.pathname);
  const provider = target?.module ?? null;
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
    return provider ? provider.fail(ctx, 413) : sendJson(ctx, 413, { error: err.message });
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
