// Webhook endpoints: where the sandbox sends events. The signing secret comes back
// from the create call only, as Stripe shows it once.
import { answerWith, type Operation } from "../call";
import { invalid, ok } from "../errors";
import { stripeId, webhookSecret } from "../ids";
import { isPage, listBody, paginate } from "../list";
import { visible } from "../lookup";
import { endpointView } from "../objects/webhook-endpoint";
import { metadata, str, strings, text } from "../params";
import type { StripeWebhookEndpoint } from "../state";

/** Stripe's limit per account and mode. */
const MAX_ENDPOINTS = 16;

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

export const createEndpoint: Operation = (call) => {
  const { w, params, key } = call;
  const url = str(params, "url") ?? "";
  if (!isHttpUrl(url)) return invalid("Invalid URL: URL must be a valid http or https URL.", "url", "url_invalid");
  const enabled = strings(params.enabled_events);
  if (enabled.length === 0) return invalid("Missing required param: enabled_events.", "enabled_events", "parameter_missing");
  if ([...w.state.endpoints.values()].filter((e) => e.livemode === key.livemode).length >= MAX_ENDPOINTS) {
    return invalid(`You have reached the maximum of ${MAX_ENDPOINTS} ${key.livemode ? "live" : "test"} webhook endpoints.`, "url");
  }
  const endpoint: StripeWebhookEndpoint = {
    id: stripeId("we"),
    livemode: key.livemode,
    created: w.now(),
    url,
    enabledEvents: [...new Set(enabled)],
    secret: webhookSecret(),
    description: text(params, "description"),
    metadata: metadata(params.metadata),
    apiVersion: text(params, "api_version"),
  };
  w.state.endpoints.set(endpoint.id, endpoint);
  return answerWith(call, endpointView(w, endpoint, true));
};

export const listEndpoints: Operation = (call) => {
  const endpoints = [...call.w.state.endpoints.values()].filter((e) => e.livemode === call.key.livemode).reverse();
  const page = paginate(endpoints, call.params, "webhook endpoint");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/webhook_endpoints", page.items.map((e) => endpointView(call.w, e)), page.hasMore));
};

export const retrieveEndpoint: Operation = (call) => {
  const id = call.pathParams.webhook_endpoint!;
  const missing = visible(call.w, "we", id, call.key.livemode, "webhook_endpoint");
  if (missing) return missing;
  return answerWith(call, endpointView(call.w, call.w.state.endpoints.get(id)!));
};

export const deleteEndpoint: Operation = (call) => {
  const id = call.pathParams.webhook_endpoint!;
  const missing = visible(call.w, "we", id, call.key.livemode, "webhook_endpoint");
  if (missing) return missing;
  call.w.state.endpoints.delete(id);
  return ok({ id, object: "webhook_endpoint", deleted: true });
};
