// The accounting API under /quickbooks/v3/company/{realmId}/: read, create,
// update and void of the entities the app uses, the query endpoint and change data
// capture, each body checked against Intuit's XSDs and refused in Intuit's Fault envelope.
import { bearerToken, first, type Ctx } from "../core/context";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import type { ValidationOutcome } from "../core/validation-outcome";
import { BooksFault, create, ENTITIES, table, update, voidTxn, WRITABLE, TRANSACTIONS } from "./books";
import { fault } from "./errors";
import { matches, parseQuery } from "./query";
import { QUICKBOOKS_SPEC } from "./spec";
import { QUICKBOOKS_STATE, type Entity, type QuickBooksState } from "./state";
import { QUICKBOOKS_TOKENS } from "./tokens";

const SCOPE = "com.intuit.quickbooks.accounting";

function view(e: Entity) {
  return { ...e, domain: "QBO", sparse: false };
}

function time(ctx: Ctx) {
  return new Date(ctx.rt.clock.now()).toISOString();
}

function authorized(ctx: Ctx, state: QuickBooksState, realmId: string, operation: string): boolean {
  record(ctx, `quickbooks ${operation}`);
  const grant = QUICKBOOKS_TOKENS.grantForAccessToken(state, bearerToken(ctx), ctx.rt.clock.now());
  if (!grant) {
    fault(ctx, 401, "AuthenticationFault", [{ Message: "message=AuthenticationFailed; errorCode=003200; statusCode=401", Detail: "Token expired or invalid", code: "3200" }]);
    return false;
  }
  if (!grant.scopes.includes(SCOPE) || realmId !== state.company.realmId) {
    fault(ctx, 403, "AuthorizationFault", [{ Message: "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403", Detail: "The app is not authorized for this company", code: "3100" }]);
    return false;
  }
  return true;
}

async function validated(ctx: Ctx, entity: string): Promise<Record<string, unknown> | null> {
  if (ctx.body.kind !== "json" || typeof ctx.body.value !== "object" || ctx.body.value === null) {
    fault(ctx, 400, "ValidationFault", [{ Message: "Request has invalid or unsupported property", Detail: "The request body must be a JSON object", code: "2010" }]);
    return null;
  }
  const model = await ctx.rt.specs.load(QUICKBOOKS_SPEC);
  const issues = model ? model.check(entity, ctx.body.value) : [];
  const outcome: ValidationOutcome = { checked: Boolean(model), issues, notes: [] };
  if (ctx.entry) ctx.entry.validation = outcome;
  if (issues.length) {
    fault(ctx, 400, "ValidationFault", issues.map((i) => ({ Message: "Request has invalid or unsupported property", Detail: i.message, code: "2010", element: i.path })));
    return null;
  }
  return ctx.body.value as Record<string, unknown>;
}

function answerFault(ctx: Ctx, err: unknown): void {
  if (err instanceof BooksFault) return fault(ctx, err.status, "ValidationFault", [err.error]);
  throw err;
}

function query(ctx: Ctx, state: QuickBooksState): void {
  const text = first(ctx.query.query) ?? (ctx.body.kind === "other" ? ctx.raw.toString("utf8") : "");
  const q = parseQuery(text);
  if (typeof q === "string") return fault(ctx, 400, "ValidationFault", [{ Message: "Error parsing query", Detail: q, code: "4000" }]);
  const name = Object.values(ENTITIES).find((n) => n.toLowerCase() === q.entity.toLowerCase());
  if (!name) return fault(ctx, 400, "ValidationFault", [{ Message: "Error parsing query", Detail: `QueryValidationError: Invalid entity ${q.entity}`, code: "4001" }]);
  const all = [...table(state, name).values()].filter((e) => matches(e, q));
  const page = all.slice(q.start - 1, q.start - 1 + q.max);
  sendJson(ctx, 200, { QueryResponse: page.length ? { [name]: page.map(view), startPosition: q.start, maxResults: page.length } : {}, time: time(ctx) });
}

function cdc(ctx: Ctx, state: QuickBooksState): void {
  const names = (first(ctx.query.entities) ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const since = Date.parse(first(ctx.query.changedSince) ?? "");
  if (!names.length || Number.isNaN(since)) return fault(ctx, 400, "ValidationFault", [{ Message: "Invalid request", Detail: "entities and changedSince (ISO 8601) are required", code: "2030" }]);
  // Intuit looks back 30 days at most.
  if (since < ctx.rt.clock.now() - 30 * 24 * 3600 * 1000) return fault(ctx, 400, "ValidationFault", [{ Message: "Invalid changedSince", Detail: "changedSince must be within the last 30 days", code: "2030" }]);
  const responses = [];
  for (const n of names) {
    const name = Object.values(ENTITIES).find((x) => x.toLowerCase() === n.toLowerCase());
    if (!name) return fault(ctx, 400, "ValidationFault", [{ Message: "Invalid entity", Detail: `CDC does not support ${n}`, code: "2030" }]);
    const changed = [...table(state, name).values()].filter((e) => Date.parse(e.MetaData.LastUpdatedTime) >= since);
    responses.push(changed.length ? { [name]: changed.map(view), startPosition: 1, maxResults: changed.length, totalCount: changed.length } : {});
  }
  sendJson(ctx, 200, { CDCResponse: [{ QueryResponse: responses }], time: time(ctx) });
}

export async function handleApi(ctx: Ctx, realmId: string, rest: string): Promise<void> {
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  const [resource = "", id] = rest.split("/");
  if (resource === "query" && (ctx.method === "GET" || ctx.method === "POST")) {
    if (authorized(ctx, state, realmId, "query")) query(ctx, state);
    return;
  }
  if (resource === "cdc" && ctx.method === "GET") {
    if (authorized(ctx, state, realmId, "cdc")) cdc(ctx, state);
    return;
  }
  if (resource === "companyinfo" && ctx.method === "GET") {
    if (authorized(ctx, state, realmId, "companyinfo.read")) sendJson(ctx, 200, { CompanyInfo: { Id: "1", CompanyName: state.company.name, SyncToken: "0", Country: "CH" }, time: time(ctx) });
    return;
  }
  const entity = ENTITIES[resource.toLowerCase()];
  if (!entity) {
    record(ctx, null);
    return fault(ctx, 404, "ValidationFault", [{ Message: "Unsupported Operation", Detail: `Operation ${resource} is not supported`, code: "500" }]);
  }
  if (ctx.method === "GET" && id) {
    if (!authorized(ctx, state, realmId, `${resource}.read`)) return;
    const e = table(state, entity).get(id);
    if (!e) return fault(ctx, 400, "ValidationFault", [{ Message: "Object Not Found", Detail: `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`, code: "610" }]);
    return sendJson(ctx, 200, { [entity]: view(e), time: time(ctx) });
  }
  if (ctx.method !== "POST" || id) {
    record(ctx, null);
    return fault(ctx, 405, "ValidationFault", [{ Message: "Unsupported Operation", Detail: `${ctx.method} is not supported here`, code: "500" }]);
  }
  const operation = first(ctx.query.operation);
  const op = operation === "void" ? "void" : operation === "delete" ? "delete" : ctx.body.kind === "json" && (ctx.body.value as { Id?: unknown })?.Id !== undefined ? "update" : "create";
  if (!authorized(ctx, state, realmId, `${resource}.${op}`)) return;
  if (!WRITABLE.has(entity)) return fault(ctx, 400, "ValidationFault", [{ Message: "Unsupported Operation", Detail: `The sandbox keeps ${entity} as the accountant set it up`, code: "500" }]);
  if (op === "delete") return fault(ctx, 400, "ValidationFault", [{ Message: "Unsupported Operation", Detail: "Delete is not emulated", code: "500" }]);
  if (op === "void" && !TRANSACTIONS.has(entity)) return fault(ctx, 400, "ValidationFault", [{ Message: "Unsupported Operation", Detail: `${entity} cannot be voided`, code: "500" }]);
  const body = await validated(ctx, entity);
  if (!body) return;
  try {
    const now = ctx.rt.clock.now();
    const e = op === "create" ? create(state, entity, body, now) : op === "update" ? update(state, entity, body, now) : voidTxn(state, entity, body, now);
    sendJson(ctx, 200, { [entity]: view(e), time: time(ctx) });
  } catch (err) {
    answerFault(ctx, err);
  }
}
