// Webhooks v1: an app registers up to ten URLs, each with the event types it wants.
import { list, obj, str, type Operation, type PayPalCall } from "../call";
import { fail, ok, type PayPalAnswer } from "../errors";
import { webhookId } from "../ids";
import { eventView } from "../objects/event";
import { webhookView } from "../objects/webhook";
import type { PayPalWebhook } from "../state";

/** PayPal's limit per app. */
const MAX_WEBHOOKS = 10;
/** A PayPal event type name ("PAYMENT.CAPTURE.COMPLETED"), or "*" for all of them. */
const EVENT_TYPE = /^(\*|[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+)$/;

const v1 = (status: number, name: string, message: string, details?: Array<{ field: string; issue: string }>): PayPalAnswer =>
  fail(status, (details ?? []).map((d) => ({ ...d, description: d.issue })), { name, message, v1: true });

function missing(id: string): PayPalAnswer {
  return v1(404, "INVALID_RESOURCE_ID", `Webhook id ${id} not found`);
}

function ownWebhook(call: PayPalCall, id: string): PayPalWebhook | undefined {
  const h = call.w.state.webhooks.get(id);
  return h && h.clientId === call.clientId ? h : undefined;
}

function readEventTypes(v: unknown): string[] | PayPalAnswer {
  const names = list(v).map((t) => str(obj(t).name) ?? "");
  const bad = names.findIndex((n) => !EVENT_TYPE.test(n));
  if (bad >= 0) return v1(400, "VALIDATION_ERROR", "Invalid data provided", [{ field: `event_types[${bad}].name`, issue: `Event type ${names[bad]} is not valid` }]);
  if (names.length === 0) return v1(400, "VALIDATION_ERROR", "Invalid data provided", [{ field: "event_types", issue: "At least one event type is required" }]);
  return [...new Set(names)];
}

function urlTaken(call: PayPalCall, url: string, except?: string): boolean {
  return [...call.w.state.webhooks.values()].some((h) => h.clientId === call.clientId && h.url === url && h.id !== except);
}

export const createWebhook: Operation = (call) => {
  const b = obj(call.body);
  const url = str(b.url) ?? "";
  const types = readEventTypes(b.event_types);
  if (!Array.isArray(types)) return types;
  const mine = [...call.w.state.webhooks.values()].filter((h) => h.clientId === call.clientId);
  if (mine.length >= MAX_WEBHOOKS) return v1(400, "WEBHOOK_NUMBER_LIMIT_EXCEEDED", `Maximum number of webhooks (${MAX_WEBHOOKS}) reached for this app`);
  if (urlTaken(call, url)) return v1(400, "WEBHOOK_URL_ALREADY_EXISTS", "Webhook URL already exists");
  const webhook: PayPalWebhook = { id: webhookId(), clientId: call.clientId, created: call.w.now(), url, eventTypes: types };
  call.w.state.webhooks.set(webhook.id, webhook);
  return ok(webhookView(call.w, webhook), 201);
};

export const listWebhooks: Operation = (call) => {
  const mine = [...call.w.state.webhooks.values()].filter((h) => h.clientId === call.clientId);
  return ok({ webhooks: mine.map((h) => webhookView(call.w, h)) });
};

export const getWebhook: Operation = (call) => {
  const h = ownWebhook(call, call.pathParams.webhook_id!);
  return h ? ok(webhookView(call.w, h)) : missing(call.pathParams.webhook_id!);
};

/** JSON Patch with "replace" on /url or /event_types, the two things PayPal lets an app change. */
export const updateWebhook: Operation = (call) => {
  const h = ownWebhook(call, call.pathParams.webhook_id!);
  if (!h) return missing(call.pathParams.webhook_id!);
  let url = h.url;
  let types = h.eventTypes;
  for (const [i, raw] of list(call.body).entries()) {
    const op = obj(raw);
    if (op.op !== "replace" || (op.path !== "/url" && op.path !== "/event_types")) {
      return v1(400, "VALIDATION_ERROR", "Invalid data provided", [{ field: `[${i}]`, issue: "Only replace on /url or /event_types is supported" }]);
    }
    if (op.path === "/url") url = str(op.value) ?? "";
    else {
      const read = readEventTypes(op.value);
      if (!Array.isArray(read)) return read;
      types = read;
    }
  }
  if (!/^https?:\/\//.test(url)) return v1(400, "VALIDATION_ERROR", "Invalid data provided", [{ field: "url", issue: "Invalid URL" }]);
  if (urlTaken(call, url, h.id)) return v1(400, "WEBHOOK_URL_ALREADY_EXISTS", "Webhook URL already exists");
  h.url = url;
  h.eventTypes = types;
  return ok(webhookView(call.w, h));
};

export const deleteWebhook: Operation = (call) => {
  const h = ownWebhook(call, call.pathParams.webhook_id!);
  if (!h) return missing(call.pathParams.webhook_id!);
  call.w.state.webhooks.delete(h.id);
  return ok(null, 204);
};

export const getWebhookEvent: Operation = (call) => {
  const e = call.w.state.events.find((x) => x.id === call.pathParams.event_id && x.clientId === call.clientId);
  return e ? ok(eventView(call.w, e)) : v1(404, "INVALID_RESOURCE_ID", `Webhook event id ${call.pathParams.event_id} not found`);
};
