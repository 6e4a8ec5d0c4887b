// Graph subscriptions on a calendar's events: POST /subscriptions proves the
// notification URL first (the validation request must be answered 200 with the
// token as text/plain within 10 seconds, or the subscription is refused), PATCH
// extends one, DELETE ends it. Outlook resources live at most 4230 minutes.
import { randomUUID } from "node:crypto";
import type { Ctx } from "../core/context";
import { sendEmpty, sendJson } from "../core/respond";
import { authorize, checkedBody, graphBase } from "./call";
import { graphError } from "./errors";
import { findCalendar } from "./graph-events";
import { validateUrl } from "./notify";
import type { Microsoft365State, Subscription } from "./state";

export const MAX_MINUTES = 4230;
const CHANGE_TYPES = new Set(["created", "updated", "deleted"]);

interface SubscriptionFields {
  changeType?: string;
  notificationUrl?: string;
  lifecycleNotificationUrl?: string;
  resource?: string;
  expirationDateTime?: string;
  clientState?: string;
}

function view(ctx: Ctx, s: Subscription) {
  return {
    "@odata.context": `${graphBase(ctx)}/$metadata#subscriptions/$entity`,
    id: s.id,
    resource: s.resource,
    applicationId: s.clientId,
    changeType: s.changeType.join(","),
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: new Date(s.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
    creatorId: s.grantId,
    includeResourceData: false,
    latestSupportedTlsVersion: "v1_2",
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

/** The calendar a resource names: me/calendars/{id}/events, me/calendar/events or me/events (the default calendar). */
function calendarOf(state: Microsoft365State, resource: string): string | null {
  const r = resource.replace(/^\/+/, "");
  const m = /^(?:me|users\/[^/]+)\/calendars\/([^/]+)\/events$/i.exec(r);
  if (m) return findCalendar(state, decodeURIComponent(m[1]!))?.id ?? null;
  if (/^(?:me|users\/[^/]+)\/(?:calendar\/)?events$/i.test(r)) return findCalendar(state, "calendar")!.id;
  return null;
}

function expiryProblem(ctx: Ctx, iso: string | undefined): string | null {
  const at = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(at)) return "expirationDateTime is required and must be a date-time.";
  const now = ctx.rt.clock.now();
  if (at <= now) return "Subscription expiration must be in the future.";
  if (at > now + MAX_MINUTES * 60_000 + 60_000) return `Subscription expiration can only be ${MAX_MINUTES} minutes in the future.`;
  return null;
}

export async function createSubscription(ctx: Ctx): Promise<void> {
  const call = authorize(ctx, "subscriptions.create", "Calendars.Read");
  if (!call) return;
  const f = await checkedBody<SubscriptionFields>(ctx, "subscriptions.create", "graph.subscription");
  if (!f) return;
  const { state } = call;
  for (const [name, v] of [["changeType", f.changeType], ["notificationUrl", f.notificationUrl], ["resource", f.resource]] as const) {
    if (!v) return graphError(ctx, 400, "InvalidRequest", `${name} is required.`);
  }
  const changeType = f.changeType!.split(",").map((s) => s.trim());
  if (!changeType.every((c) => CHANGE_TYPES.has(c))) return graphError(ctx, 400, "InvalidRequest", `changeType '${f.changeType}' is not valid for Outlook resources (created, updated, deleted).`);
  const calendarId = calendarOf(state, f.resource!);
  if (!calendarId) return graphError(ctx, 400, "ExtensionError", `Operation: Create; Exception: [Status Code: BadRequest; Reason: Resource '${f.resource}' is not supported.]`);
  const expiry = expiryProblem(ctx, f.expirationDateTime);
  if (expiry) return graphError(ctx, 400, "ExtensionError", expiry);
  if (f.clientState && f.clientState.length > 128) return graphError(ctx, 400, "InvalidRequest", "clientState must be at most 128 characters.");
  // Graph requires https; the sandbox also takes the plain http of a local app.
  for (const url of [f.notificationUrl!, f.lifecycleNotificationUrl].filter((u): u is string => Boolean(u))) {
    if (!/^https?:\/\//.test(url)) return graphError(ctx, 400, "InvalidRequest", `Invalid notification URL '${url}'.`);
  }
  for (const url of new Set([f.notificationUrl!, f.lifecycleNotificationUrl].filter((u): u is string => Boolean(u)))) {
    const validated = await validateUrl(ctx.rt, state, url);
    if (!validated.ok) {
      return graphError(ctx, 400, "ValidationError", `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request. (answered ${validated.sent.status ?? validated.sent.error})`);
    }
  }
  const s: Subscription = {
    id: randomUUID(),
    grantId: call.grant.id,
    clientId: call.grant.clientId,
    resource: f.resource!,
    calendarId,
    changeType,
    notificationUrl: f.notificationUrl!,
    lifecycleNotificationUrl: f.lifecycleNotificationUrl ?? null,
    clientState: f.clientState ?? null,
    expiresAt: Date.parse(f.expirationDateTime!),
    createdAt: new Date(ctx.rt.clock.now()).toISOString(),
  };
  state.subscriptions.set(s.id, s);
  sendJson(ctx, 201, view(ctx, s));
}

export async function subscriptionById(ctx: Ctx, id: string): Promise<void> {
  const operation = ctx.method === "GET" ? "subscriptions.get" : ctx.method === "PATCH" ? "subscriptions.renew" : "subscriptions.delete";
  const call = authorize(ctx, operation, "Calendars.Read");
  if (!call) return;
  const { state } = call;
  const s = state.subscriptions.get(id);
  // An expired subscription is gone, as in Graph.
  if (!s || s.clientId !== call.grant.clientId || s.expiresAt <= ctx.rt.clock.now()) {
    return graphError(ctx, 404, "ResourceNotFound", `The object was not found. Subscription '${id}' does not exist.`);
  }
  if (ctx.method === "GET") return sendJson(ctx, 200, view(ctx, s));
  if (ctx.method === "DELETE") {
    state.subscriptions.delete(id);
    return sendEmpty(ctx, 204);
  }
  const f = await checkedBody<SubscriptionFields>(ctx, "subscriptions.renew", "graph.subscription");
  if (!f) return;
  const expiry = expiryProblem(ctx, f.expirationDateTime);
  if (expiry) return graphError(ctx, 400, "ExtensionError", expiry);
  s.expiresAt = Date.parse(f.expirationDateTime!);
  if (f.notificationUrl) s.notificationUrl = f.notificationUrl;
  sendJson(ctx, 200, view(ctx, s));
}
