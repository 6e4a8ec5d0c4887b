// PayPal's callbacks: the webhook Switchboard registers in the organization's PayPal
// app, and the check every callback passes before it is stored. PayPal signs with
// its own certificate; asking verify-webhook-signature with the stored webhook id is
// PayPal's documented check and needs no certificate fetching (the cert URL in a
// callback's headers is never fetched by us, only handed back to PayPal).
import { z } from "zod";
import type { InboundRequest, VerifiedCallback } from "../contract/inbound";
import { paypalApi } from "./client";
import type { PayPalContext } from "./manifest";

/** The callbacks payment processing acts on; the webhook is subscribed to exactly these. */
export const PAYPAL_EVENTS = [
  "CHECKOUT.ORDER.APPROVED",
  "PAYMENT.CAPTURE.COMPLETED",
  "PAYMENT.CAPTURE.DENIED",
  "PAYMENT.CAPTURE.REFUNDED",
  "CUSTOMER.DISPUTE.CREATED",
] as const;

interface Webhook {
  id: string;
  url: string;
  event_types: Array<{ name: string }>;
}

const sameTypes = (h: Webhook) => {
  const have = new Set(h.event_types.map((t) => t.name));
  return have.size === PAYPAL_EVENTS.length && PAYPAL_EVENTS.every((t) => have.has(t));
};

/**
 * The webhook for this connection's URL: reused when the app already has it (a
 * reconnect; PayPal refuses a second webhook with the same URL), with its event
 * types brought up to date, or created.
 */
export async function ensureWebhook(ctx: PayPalContext, url: string): Promise<string> {
  const eventTypes = PAYPAL_EVENTS.map((name) => ({ name }));
  const { webhooks } = await paypalApi<{ webhooks: Webhook[] }>(ctx, "webhooks.list", { method: "GET", path: "v1/notifications/webhooks" });
  const existing = webhooks.find((h) => h.url === url);
  if (existing) {
    if (!sameTypes(existing)) {
      await paypalApi(ctx, "webhooks.update", { method: "PATCH", path: `v1/notifications/webhooks/${encodeURIComponent(existing.id)}`, body: [{ op: "replace", path: "/event_types", value: eventTypes }] });
    }
    return existing.id;
  }
  const created = await paypalApi<Webhook>(ctx, "webhooks.create", { method: "POST", path: "v1/notifications/webhooks", body: { url, event_types: eventTypes } });
  return created.id;
}

const TRANSMISSION_HEADERS = ["paypal-transmission-id", "paypal-transmission-time", "paypal-transmission-sig", "paypal-cert-url", "paypal-auth-algo"] as const;

const eventShape = z.object({ id: z.string().min(1).max(100), event_type: z.string().min(1), resource: z.record(z.string(), z.unknown()) });

export async function verifyCallback(req: InboundRequest, ctx: PayPalContext): Promise<VerifiedCallback> {
  const headers = Object.fromEntries(TRANSMISSION_HEADERS.map((h) => [h, req.headers.get(h)]));
  const absent = TRANSMISSION_HEADERS.filter((h) => !headers[h]);
  if (absent.length > 0) throw new Error(`Missing PayPal transmission headers: ${absent.join(", ")}`);
  const webhookId = ctx.credentials.webhookId;
  if (!webhookId) throw new Error("This PayPal connection has no webhook id; reconnect PayPal");
  const event = eventShape.parse(JSON.parse(req.rawBody));
  await ctx.limit("inbound_verify");
  const answer = await paypalApi<{ verification_status?: string }>(ctx, "webhooks.verifySignature", {
    method: "POST",
    path: "v1/notifications/verify-webhook-signature",
    body: {
      auth_algo: headers["paypal-auth-algo"],
      cert_url: headers["paypal-cert-url"],
      transmission_id: headers["paypal-transmission-id"],
      transmission_sig: headers["paypal-transmission-sig"],
      transmission_time: headers["paypal-transmission-time"],
      webhook_id: webhookId,
      // The event exactly as it arrived; PayPal compares it with what it sent.
      webhook_event: JSON.parse(req.rawBody),
    },
  });
  if (answer.verification_status !== "SUCCESS") throw new Error(`PayPal answered ${answer.verification_status ?? "nothing"} for this callback's signature`);
  return { externalId: event.id, type: event.event_type, payload: JSON.parse(req.rawBody) };
}
