// A webhook event as PayPal stores and sends it: the envelope around a resource.
import type { PayPalEvent } from "../state";
import { isoTime, type World } from "../world";
import { link } from "./links";

export function eventView(w: World, e: PayPalEvent): Record<string, unknown> {
  const self = `${w.api}/v1/notifications/webhooks-events/${e.id}`;
  return {
    id: e.id,
    event_version: "1.0",
    create_time: isoTime(e.created),
    resource_type: e.resourceType,
    resource_version: "2.0",
    event_type: e.eventType,
    summary: e.summary,
    resource: e.resource,
    links: [link(self, "self"), link(`${self}/resend`, "resend", "POST")],
  };
}
