// The control API under /_sandbox/: faults, credentials, the request log, state reset
// and the inbox as JSON, and each module's own operations under /_sandbox/<name>/.
// For tests, benchmarks and people; never part of a provider.
import { first, type Ctx } from "../core/context";
import { asObject, bad, type ControlOperation, type ControlResult } from "../core/control";
import { parseFault } from "../core/faults";
import { safeDecode } from "../core/path-template";
import type { ModuleSet } from "../core/provider-module";
import { isProvider, providerChoices } from "../core/providers";
import { sendJson } from "../core/respond";
import { buildInbox } from "../inbox/model";
import { handleEntryEdit, isEntryEdit } from "./calendar-edit";
import { advanceClock, expire, mint, revoke } from "./credentials";
import { CONTROL_TOKEN_HEADER, controlAllowed } from "./token";

function jsonBody(ctx: Ctx): unknown {
  if (ctx.body.kind === "json") return ctx.body.value;
  if (ctx.body.kind === "none") return {};
  return undefined;
}

function reset(ctx: Ctx): ControlResult {
  const rt = ctx.rt;
  rt.clock.reset();
  rt.state = rt.seed(rt.clock.now());
  rt.faults.clear();
  rt.requests.clear();
  return { status: 200, body: { ok: true } };
}

function addFault(ctx: Ctx): ControlResult {
  const fault = parseFault(jsonBody(ctx), ctx.rt.faults.newId(), ctx.rt.providers);
  if (typeof fault === "string") return { status: 400, body: { error: fault } };
  ctx.rt.faults.add(fault);
  return { status: 201, body: fault };
}

function requests(ctx: Ctx): ControlResult {
  const wanted = first(ctx.query.provider);
  const provider = wanted === undefined ? undefined : isProvider(ctx.rt.providers, wanted) ? wanted : null;
  if (provider === null) return { status: 400, body: { error: `provider must be ${providerChoices(ctx.rt.providers)}` } };
  return { status: 200, body: { requests: ctx.rt.requests.list(provider) } };
}

type Handler = (ctx: Ctx) => ControlResult | Promise<ControlResult>;
type Routes = Record<string, Record<string, Handler>>;

function coreRoutes(modules: ModuleSet): Routes {
  return {
    "/_sandbox/health": { GET: (ctx) => ({ status: 200, body: { ok: true, validating: ctx.rt.specs.validating } }) },
    "/_sandbox/faults": {
      GET: (ctx) => ({ status: 200, body: { faults: ctx.rt.faults.list() } }),
      POST: addFault,
      DELETE: (ctx) => ({ status: 200, body: { cleared: ctx.rt.faults.clear() } }),
    },
    "/_sandbox/revoke": { POST: (ctx) => revoke(ctx.rt, modules.providers, jsonBody(ctx)) },
    "/_sandbox/expire": { POST: (ctx) => expire(ctx.rt, modules.providers, jsonBody(ctx)) },
    "/_sandbox/clock": { POST: (ctx) => advanceClock(ctx.rt, jsonBody(ctx)) },
    "/_sandbox/tokens": { POST: (ctx) => mint(ctx.rt, modules.providers, jsonBody(ctx)) },
    "/_sandbox/requests": { GET: requests },
    "/_sandbox/reset": { POST: reset },
    "/_sandbox/inbox.json": { GET: (ctx) => ({ status: 200, body: buildInbox(modules.all, ctx.rt) }) },
  };
}

/** A module's operation takes the posted JSON object ({} for a GET). */
function withInput(run: ControlOperation): Handler {
  return (ctx) => {
    const input = asObject(jsonBody(ctx));
    return input ? run(ctx, input) : bad("send a JSON object");
  };
}

/** Each module's operations at /_sandbox/<name><path>. */
function moduleRoutes(modules: ModuleSet): Routes {
  const routes: Routes = {};
  for (const m of modules.all) {
    for (const [path, methods] of Object.entries(m.control ?? {})) {
      routes[`/_sandbox/${m.name}${path}`] = Object.fromEntries(Object.entries(methods).map(([method, run]) => [method, withInput(run)]));
    }
  }
  return routes;
}

const tables = new WeakMap<ModuleSet, Routes>();

function routesOf(modules: ModuleSet): Routes {
  let routes = tables.get(modules);
  if (!routes) tables.set(modules, (routes = { ...moduleRoutes(modules), ...coreRoutes(modules) }));
  return routes;
}

export async function handleControl(ctx: Ctx, modules: ModuleSet): Promise<void> {
  // A module's open routes (the demo webhook receiver takes any body from anyone)
  // come before the token check. The path is the parsed URL's, dot segments already
  // resolved, so "/_sandbox/receiver/../reset" is the reset route, not the receiver.
  const open = modules.all.find((m) => m.open && ctx.url.pathname.startsWith(m.open.prefix))?.open;
  if (open) return open.handle(ctx);
  // A browser form may make this change without the token header: it checks the token or the page's form key itself.
  if (isEntryEdit(ctx.url.pathname)) return handleEntryEdit(ctx, modules.all);
  if (!controlAllowed(ctx)) {
    return sendJson(ctx, 401, { error: `this control call needs the sandbox's control token in the ${CONTROL_TOKEN_HEADER} header (npm run sandbox prints it; SANDBOX_CONTROL_TOKEN sets it)` });
  }
  const path = ctx.url.pathname.replace(/\/$/, "");
  const fault = path.match(/^\/_sandbox\/faults\/([^/]+)$/);
  if (fault && ctx.method === "DELETE") {
    const removed = ctx.rt.faults.remove(safeDecode(fault[1]!));
    return sendJson(ctx, removed ? 200 : 404, removed ? { removed: fault[1] } : { error: "no such fault" });
  }
  const route = routesOf(modules)[path];
  if (!route) return sendJson(ctx, 404, { error: `no control endpoint ${path}` });
  const handler = route[ctx.method];
  if (!handler) return sendJson(ctx, 405, { error: `${ctx.method} is not allowed on ${path}` });
  if (ctx.method === "POST" && jsonBody(ctx) === undefined) return sendJson(ctx, 400, { error: "send a JSON body" });
  const result = await handler(ctx);
  sendJson(ctx, result.status, result.body);
}
