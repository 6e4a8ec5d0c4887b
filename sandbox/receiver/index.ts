// A webhook receiver for the demo: `npm start` users have no server of their own
// to point an outbound webhook endpoint at, so the sandbox is one. Any POST to
// /_sandbox/receiver/<name> is recorded (method, headers, body up to a cap) and
// answered 200, or the status asked for with ?status=500 to try failures and
// retries. Nothing is verified: the inbox page only shows whether a signature
// header came, since the receiver does not know the endpoint's secret.
import { first, type Ctx } from "../core/context";
import { keepLatest } from "../core/keep-latest";
import { defineModule } from "../core/provider-module";
import { sendJson } from "../core/respond";
import { receiverSection } from "./inbox-view";
import { RECEIVER_STATE, MAX_BODY_BYTES, MAX_KEPT, type ReceivedWebhook } from "./state";

const RECEIVER_PREFIX = "/_sandbox/receiver/";
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function flatHeaders(ctx: Ctx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

/** The status to answer: 200, or ?status= when it is a real HTTP status. */
function askedStatus(ctx: Ctx): number | string {
  const raw = first(ctx.query.status);
  if (raw === undefined) return 200;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 200 && n <= 599 ? n : `status must be an integer from 200 to 599, not "${raw}"`;
}

function typeOf(text: string): string | null {
  try {
    const v = JSON.parse(text) as { type?: unknown };
    return typeof v?.type === "string" ? v.type : null;
  } catch {
    return null;
  }
}

function handleReceiver(ctx: Ctx): void {
  const name = ctx.url.pathname.slice(RECEIVER_PREFIX.length).replace(/\/$/, "");
  if (!NAME.test(name)) return sendJson(ctx, 404, { error: "a receiver is /_sandbox/receiver/<name>, the name of letters, digits, '.', '_' or '-'" });
  if (ctx.method !== "POST") return sendJson(ctx, 405, { error: "a receiver accepts POST only" }, { Allow: "POST" });
  const status = askedStatus(ctx);
  if (typeof status === "string") return sendJson(ctx, 400, { error: status });

  const state = RECEIVER_STATE.of(ctx.rt);
  const truncated = ctx.raw.length > MAX_BODY_BYTES;
  // A cut in the middle of a character leaves one replacement character, never more.
  const body = ctx.raw.subarray(0, MAX_BODY_BYTES).toString("utf8");
  const headers = flatHeaders(ctx);
  const message: ReceivedWebhook = {
    seq: state.nextSeq++,
    name,
    receivedAt: new Date(ctx.rt.clock.now()).toISOString(),
    method: ctx.method,
    path: ctx.url.pathname,
    query: ctx.query,
    headers,
    body,
    bytes: ctx.raw.length,
    truncated,
    webhookId: headers["webhook-id"] ?? null,
    signaturePresent: Boolean(headers["webhook-signature"]),
    type: truncated ? null : typeOf(body),
    status,
  };
  state.messages.push(message);
  keepLatest(state.messages, MAX_KEPT);
  sendJson(ctx, status, status < 300 ? { received: true, seq: message.seq } : { error: `answering ${status} as asked by ?status=` });
}

/** GET /_sandbox/receiver.json[?name=]: everything kept, oldest first. */
function receiverJson(ctx: Ctx): { status: number; body: unknown } {
  const name = first(ctx.query.name);
  const messages = RECEIVER_STATE.of(ctx.rt).messages.filter((m) => name === undefined || m.name === name);
  return { status: 200, body: { messages } };
}

/** Not a provider: a built-in the registry lists beside them. */
export const receiverModule = defineModule({
  name: "receiver",
  state: RECEIVER_STATE,
  open: { prefix: RECEIVER_PREFIX, handle: handleReceiver },
  control: { ".json": { GET: receiverJson } },
  inbox: {
    section: {
      anchor: "webhooks",
      label: "Webhooks received",
      note: "demo receiver",
      count: (state) => state.messages.length,
      render: (state, rt) => receiverSection(state.messages, rt.url),
      links: [["/_sandbox/receiver.json", "webhooks received"]],
    },
  },
});
