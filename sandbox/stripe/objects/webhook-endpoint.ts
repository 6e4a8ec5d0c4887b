import { shaped } from "../fixtures";
import type { StripeWebhookEndpoint } from "../state";
import type { World } from "../world";

/** The signing secret is in the answer to the create call only, as Stripe shows it once. */
export function endpointView(w: World, e: StripeWebhookEndpoint, withSecret = false): Record<string, unknown> {
  return shaped(w.templates, "webhook_endpoint", {
    id: e.id,
    object: "webhook_endpoint",
    api_version: e.apiVersion,
    application: null,
    created: e.created,
    description: e.description,
    enabled_events: [...e.enabledEvents],
    livemode: e.livemode,
    metadata: { ...e.metadata },
    status: "enabled",
    url: e.url,
    ...(withSecret ? { secret: e.secret } : {}),
  });
}
