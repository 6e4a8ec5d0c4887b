// SendGrid's Event Webhook at /api/webhooks/sendgrid?connection=<id>: batches of
// delivery events (delivered, open, bounce, …) for the mail we sent, each batch a
// JSON array signed with the account's ECDSA key over timestamp + raw body and
// checked with SendGrid's own package. Bounces, drops, spam reports and
// unsubscribes put the address on the organization's suppression list; every
// event is counted once per sg_event_id for the connector page.
import { createHash } from "node:crypto";
import { EventWebhook, EventWebhookHeader } from "@sendgrid/eventwebhook";
import { recordRecipientDelivery } from "@/lib/broadcasts/delivery";
import { recordEmailEvent, suppress } from "@/lib/email/suppressions";
import { processed, type InboundCapability } from "../contract/inbound";
import type { SendGridContext } from "./manifest";

/** A signed batch older (or further ahead) than this is refused, so a captured one cannot be replayed later. */
export const TIMESTAMP_TOLERANCE_SEC = 5 * 60;

const SIGNATURE = EventWebhookHeader.SIGNATURE().toLowerCase();
const TIMESTAMP = EventWebhookHeader.TIMESTAMP().toLowerCase();

/** The events that mean "never send to this address again", with the reason shown on the attendee. */
export const SUPPRESSING: Record<string, string> = {
  bounce: "bounced",
  dropped: "dropped by SendGrid",
  spamreport: "reported as spam",
  unsubscribe: "unsubscribed",
  group_unsubscribe: "unsubscribed",
};

/** The events that move a broadcast recipient's delivery, as the broadcast page names them. */
const DELIVERY: Record<string, string> = {
  processed: "processed",
  deferred: "deferred",
  delivered: "delivered",
  bounce: "bounced",
  dropped: "dropped",
  open: "opened",
};

interface SendGridEvent {
  email: string;
  /** The recipient row of a broadcast e-mail, from the personalization's custom_args. */
  broadcast_recipient_id?: unknown;
  event: string;
  timestamp?: number;
  sg_event_id?: string;
  reason?: string;
  type?: string;
}

function eventsOf(rawBody: string): SendGridEvent[] {
  const parsed: unknown = JSON.parse(rawBody);
  if (!Array.isArray(parsed)) throw new Error("an Event Webhook post is a JSON array of events");
  return parsed.filter((e): e is SendGridEvent => typeof e === "object" && e !== null && typeof e.email === "string" && typeof e.event === "string");
}

export function verifySendGridEvents(rawBody: string, headers: Headers, publicKey: string, nowMs = Date.now()): SendGridEvent[] {
  const signature = headers.get(SIGNATURE);
  const timestamp = headers.get(TIMESTAMP);
  if (!signature || !timestamp) throw new Error("missing X-Twilio-Email-Event-Webhook-Signature or -Timestamp");
  if (!publicKey) throw new Error("the connection has no Event Webhook verification key");
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SEC) throw new Error("the timestamp is more than 5 minutes away");
  const webhook = new EventWebhook();
  let valid = false;
  try {
    valid = webhook.verifySignature(webhook.convertPublicKeyToECDSA(publicKey), rawBody, signature, timestamp);
  } catch {
    // A malformed key or signature verifies nothing.
  }
  if (!valid) throw new Error("the Event Webhook signature does not match");
  return eventsOf(rawBody);
}

/** One event's identity: SendGrid's sg_event_id, or (should one lack it) the event itself. */
function eventIdOf(e: SendGridEvent): string {
  return e.sg_event_id ?? "sha256:" + createHash("sha256").update(JSON.stringify(e)).digest("hex");
}

export const sendgridEvents: InboundCapability<SendGridContext> = {
  keptHeaders: [SIGNATURE, TIMESTAMP],
  async verify(req, ctx) {
    const events = verifySendGridEvents(req.rawBody, req.headers, ctx.credentials.eventWebhookKey);
    // A batch has no id of its own. SendGrid re-posts a batch it could not deliver with the
    // same body (and a fresh signature), so the body's hash stores each batch once; an event
    // that shows up in two different batches is still counted once by its sg_event_id.
    const externalId = "batch:" + createHash("sha256").update(req.rawBody).digest("hex");
    return { externalId, type: `events.${[...new Set(events.map((e) => e.event))].sort().join("+") || "none"}`.slice(0, 200), payload: events };
  },
  async process(payload, ctx) {
    const events = payload as SendGridEvent[];
    const { id: connectionId, orgId } = ctx.connection;
    let fresh = 0;
    const suppressed: string[] = [];
    for (const e of events) {
      const occurredAt = new Date(typeof e.timestamp === "number" ? e.timestamp * 1000 : Date.now());
      if (await recordEmailEvent(ctx.db, { orgId, connectionId, providerEventId: eventIdOf(e), eventType: e.event, email: e.email, occurredAt })) fresh++;
      const delivery = DELIVERY[e.event];
      if (delivery && typeof e.broadcast_recipient_id === "string") {
        await recordRecipientDelivery(ctx.db, { connectionId, recipientId: e.broadcast_recipient_id, delivery, detail: e.reason ?? null });
      }
      const reason = SUPPRESSING[e.event];
      if (reason) {
        await suppress(ctx.db, { orgId, connectionId, email: e.email, reason: e.reason ? `${reason}: ${e.reason}`.slice(0, 500) : reason, eventType: e.event, occurredAt });
        suppressed.push(e.email.toLowerCase());
      }
    }
    return processed(`${fresh} of ${events.length} events new${suppressed.length ? `; suppressed ${[...new Set(suppressed)].join(", ")}` : ""}`);
  },
};
