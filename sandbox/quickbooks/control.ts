// A person in QuickBooks and Intuit's developer portal, as control operations:
// void a document (QuickBooks then notifies the app), make the next update of an
// object stale, close the books before a date, make the next create fail with a
// duplicate name, set the webhook endpoint, and send a notification (forged to see it refused).
import { bad, notFound, type ControlInput, type ControlResult, type ControlRoutes } from "../core/control";
import type { Ctx } from "../core/context";
import { table, TRANSACTIONS, voidTxn, WRITABLE } from "./books";
import { changeBody, notify } from "./notify";
import { QUICKBOOKS_STATE, type SignatureKind } from "./state";

async function voidDocument(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  const entity = String(input.entity ?? "SalesReceipt");
  if (!TRANSACTIONS.has(entity)) return bad(`entity must be one of ${[...TRANSACTIONS].join(", ")}`);
  const e = table(state, entity).get(String(input.id));
  if (!e) return notFound(`No ${entity} ${String(input.id)}`);
  const voided = voidTxn(state, entity, { Id: e.Id, SyncToken: e.SyncToken }, ctx.rt.clock.now());
  const sent = input.notify === false ? null : await notify(ctx.rt, state, changeBody(state, [{ name: entity, id: e.Id, operation: "Void", lastUpdated: voided.MetaData.LastUpdatedTime }]));
  return { status: 200, body: { voided: voided.Id, notification: sent } };
}

function stale(ctx: Ctx, input: ControlInput): ControlResult {
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  const entity = String(input.entity ?? "");
  if (!WRITABLE.has(entity)) return bad(`entity must be one of ${[...WRITABLE].join(", ")}`);
  if (!table(state, entity).has(String(input.id))) return notFound(`No ${entity} ${String(input.id)}`);
  state.faults.stale.add(`${entity}:${String(input.id)}`);
  return { status: 200, body: { stale: `${entity}:${String(input.id)}` } };
}

function closeBooks(ctx: Ctx, input: ControlInput): ControlResult {
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  if (input.before === null) state.faults.closedBefore = null;
  else if (typeof input.before === "string" && /^\d{4}-\d{2}-\d{2}$/.test(input.before)) state.faults.closedBefore = input.before;
  else return bad('before must be a date (YYYY-MM-DD), or null to open the books');
  return { status: 200, body: { closedBefore: state.faults.closedBefore } };
}

function duplicateName(ctx: Ctx, input: ControlInput): ControlResult {
  const entity = String(input.entity ?? "Customer");
  if (entity !== "Customer" && entity !== "Item") return bad("entity must be Customer or Item");
  QUICKBOOKS_STATE.of(ctx.rt).faults.duplicateName.add(entity);
  return { status: 200, body: { duplicateNameOnNextCreate: entity } };
}

function setWebhook(ctx: Ctx, input: ControlInput): ControlResult {
  if (typeof input.url !== "string" || !/^https?:\/\//.test(input.url)) return bad("url must be an http(s) URL");
  QUICKBOOKS_STATE.of(ctx.rt).webhooks.url = input.url;
  return { status: 200, body: { url: input.url } };
}

async function send(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = QUICKBOOKS_STATE.of(ctx.rt);
  const signature = (input.signature ?? "valid") as SignatureKind;
  if (signature !== "valid" && signature !== "forged") return bad("signature must be valid or forged");
  const entity = String(input.entity ?? "SalesReceipt");
  const e = table(state, entity).get(String(input.id));
  if (!e) return notFound(`No ${entity} ${String(input.id)}`);
  const n = await notify(ctx.rt, state, changeBody(state, [{ name: entity, id: e.Id, operation: String(input.operation ?? "Update"), lastUpdated: e.MetaData.LastUpdatedTime }]), signature);
  if (!n) return bad("No webhook endpoint yet: POST /_sandbox/quickbooks/webhook {\"url\": …}");
  return { status: 200, body: n };
}

export const QUICKBOOKS_CONTROL: ControlRoutes = {
  "/void": { POST: voidDocument },
  "/stale": { POST: stale },
  "/close-books": { POST: closeBooks },
  "/duplicate-name": { POST: duplicateName },
  "/webhook": { POST: setWebhook, GET: (ctx) => ({ status: 200, body: QUICKBOOKS_STATE.of(ctx.rt).webhooks }) },
  "/notify": { POST: send },
};
