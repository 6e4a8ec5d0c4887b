// SendGrid's signed Event Webhook: what happened to the mail it accepted
// (delivered, opened, bounced, …), posted as a JSON array to the account's
// Event Webhook URL and signed as SendGrid signs it: ECDSA P-256 with SHA-256
// over the timestamp followed by the raw body, the DER signature in base64.
import { randomUUID, sign } from "node:crypto";
import type { Ctx } from "../core/context";
import { bad, notFound, type ControlInput, type ControlResult, type ControlRoutes } from "../core/control";
import { keepLatest } from "../core/keep-latest";
import { postWebhook, withRetries } from "../core/webhook-post";
import { SENDGRID_STATE, type PostedEvents, type SendGridState } from "./state";

/** SendGrid waits this long for the receiver's answer. */
const POST_TIMEOUT_MS = 10_000;
const KEPT_POSTS = 500;

/** The events a control call may make happen, with what SendGrid adds to each. */
const EVENTS: Record<string, (input: ControlInput) => Record<string, unknown>> = {
  processed: () => ({}),
  delivered: () => ({ response: "250 OK" }),
  open: () => ({ useragent: "Mozilla/5.0 (sandbox)", ip: "192.0.2.1" }),
  click: (input) => ({ url: typeof input.url === "string" ? input.url : "https://example.test/", useragent: "Mozilla/5.0 (sandbox)", ip: "192.0.2.1" }),
  bounce: (input) => ({ type: "bounce", status: "5.1.1", reason: typeof input.reason === "string" ? input.reason : "550 5.1.1 The email account that you tried to reach does not exist" }),
  dropped: (input) => ({ reason: typeof input.reason === "string" ? input.reason : "Bounced Address" }),
  deferred: () => ({ response: "421 try again later", attempt: "1" }),
  spamreport: () => ({}),
  unsubscribe: () => ({}),
  group_unsubscribe: () => ({ asm_group_id: 1 }),
};

/** The custom_args of the personalization that sent to `to`, if it has any. */
function personalizationArgs(request: Record<string, unknown>, to: string): Record<string, unknown> {
  const list = Array.isArray(request.personalizations) ? (request.personalizations as Array<Record<string, unknown>>) : [];
  const p = list.find((x) => Array.isArray(x.to) && (x.to as Array<{ email?: unknown }>).some((a) => typeof a.email === "string" && a.email.toLowerCase() === to));
  return p?.custom_args && typeof p.custom_args === "object" ? (p.custom_args as Record<string, unknown>) : {};
}

export function signEventPost(privateKey: SendGridState["signing"]["privateKey"], timestamp: string, body: string): string {
  return sign("sha256", Buffer.from(timestamp + body), privateKey).toString("base64");
}

/** POST /_sandbox/sendgrid/event-webhook {apiKey, url}: the account's Event Webhook settings, as an admin sets them; answers the verification key. */
function setWebhook(ctx: Ctx, input: ControlInput): ControlResult {
  const state = SENDGRID_STATE.of(ctx.rt);
  if (typeof input.apiKey !== "string" || !input.apiKey) return bad("apiKey is required: the API key of the account whose Event Webhook this is");
  if (typeof input.url !== "string" || !/^https?:\/\//.test(input.url)) return bad("url must be an http(s) URL where the events are posted");
  state.eventWebhooks.set(input.apiKey, input.url);
  return { status: 200, body: { url: input.url, publicKey: state.signing.publicKey } };
}

/** GET /_sandbox/sendgrid/event-webhook: the verification key, and where events go. */
function getWebhook(ctx: Ctx): ControlResult {
  const state = SENDGRID_STATE.of(ctx.rt);
  return { status: 200, body: { publicKey: state.signing.publicKey, urls: [...new Set(state.eventWebhooks.values())] } };
}

/**
 * POST /_sandbox/sendgrid/events {to, event, messageId?, reason?, webhookUrl?}: the latest mail
 * to that address (or the one named) bounces, is delivered, opened, …; the event
 * is posted signed to the Event Webhook of the account that sent it.
 */
async function postEvent(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = SENDGRID_STATE.of(ctx.rt);
  const to = typeof input.to === "string" ? input.to.toLowerCase() : "";
  const kind = typeof input.event === "string" ? input.event : "";
  const extra = EVENTS[kind];
  if (!to) return bad("to is required: the recipient whose mail the event is about");
  if (!extra) return bad(`event must be one of ${Object.keys(EVENTS).join(", ")}`);
  const mail = [...state.mails]
    .reverse()
    .find((m) => (input.messageId === undefined || m.id === input.messageId) && m.personalizations.some((p) => p.to.some((a) => a.email.toLowerCase() === to)));
  if (!mail) return notFound(`no mail to ${to}${input.messageId ? ` with id ${String(input.messageId)}` : ""} was sent through the sandbox`);
  // webhookUrl: where to post when the account's setting was lost (the sandbox restarted since connecting).
  const url = (typeof input.webhookUrl === "string" && /^https?:\/\//.test(input.webhookUrl) ? input.webhookUrl : undefined) ?? state.eventWebhooks.get(mail.apiKey);
  if (!url) return bad("the account that sent this mail has no Event Webhook URL; connect SendGrid in sandbox mode again, or pass webhookUrl");
  const nowSec = Math.floor(ctx.rt.clock.now() / 1000);
  const events = [
    {
      // SendGrid adds the mail's custom_args to each event, beside its own fields, and the
      // recipient's personalization's over them.
      ...(mail.request.custom_args && typeof mail.request.custom_args === "object" ? (mail.request.custom_args as Record<string, unknown>) : {}),
      ...personalizationArgs(mail.request, to),
      email: to,
      timestamp: nowSec,
      "smtp-id": `<${mail.id}@sandbox.sendgrid.test>`,
      event: kind,
      category: mail.categories,
      sg_event_id: randomUUID().replace(/-/g, ""),
      sg_message_id: `${mail.id}.sandbox.0`,
      ...extra(input),
    },
  ];
  const body = JSON.stringify(events);
  const timestamp = String(nowSec);
  const signature = signEventPost(state.signing.privateKey, timestamp, body);
  const posted: PostedEvents = { at: new Date(ctx.rt.clock.now()).toISOString(), url, events, status: null, error: null };
  state.postedEvents.push(posted);
  keepLatest(state.postedEvents, KEPT_POSTS);
  await withRetries(ctx.rt, () => SENDGRID_STATE.of(ctx.rt) === state, async () => {
    const outcome = await postWebhook(ctx.rt, {
      url,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "SendGrid Event API",
        "X-Twilio-Email-Event-Webhook-Signature": signature,
        "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
      },
      body,
      timeoutMs: POST_TIMEOUT_MS,
    });
    posted.status = outcome.status;
    posted.error = outcome.error;
    return outcome;
  });
  return { status: 200, body: { url, events, answered: posted.status, error: posted.error } };
}

export const SENDGRID_CONTROL: ControlRoutes = {
  "/event-webhook": { GET: getWebhook, POST: setWebhook },
  "/events": { POST: postEvent, GET: (ctx) => ({ status: 200, body: SENDGRID_STATE.of(ctx.rt).postedEvents }) },
};
