// event as stored and as delivered; a delivery renders it with the endpoint's pinned
// API version, and with the count of deliveries still owed at the time of sending.
import { ACCOUNT } from "../account";
import { shaped } from "../fixtures";
import type { StripeEvent } from "../state";
import type { World } from "../world";

export function eventView(w: World, e: StripeEvent, apiVersion: string | null = null): Record<string, unknown> {
  return shaped(w.templates, "event", {
    id: e.id,
    object: "event",
    api_version: apiVersion ?? ACCOUNT.apiVersion,
    created: e.created,
    data: { object: structuredClone(e.object), ...(e.previousAttributes ? { previous_attributes: structuredClone(e.previousAttributes) } : {}) },
    livemode: e.livemode,
    pending_webhooks: e.pendingWebhooks,
    request: { ...e.request },
    type: e.type,
  });
}
