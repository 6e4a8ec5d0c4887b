// Graph's change and lifecycle notifications at /api/webhooks/microsoft365?connection=<id>.
// Graph signs nothing: a subscription is proven once by echoing its
// validationToken, and every notification carries the clientState secret we
// gave the subscription, checked against the hash kept with the channel. The
// notification says only that something changed; the sync engine reads what
// changed with the delta query.
import { createHash } from "node:crypto";
import { z } from "zod";
import { channelSecretMatches } from "@/lib/calendar-channels/channels";
import { requestCalendarSync, requestChannelRenewal } from "@/lib/calendar-channels/requests";
import { ignored, processed, type InboundCapability, type InboundRequest } from "../contract/inbound";
import type { Microsoft365Context } from "./manifest";

const item = z.looseObject({
  subscriptionId: z.string().min(1),
  clientState: z.string().nullish(),
  changeType: z.string().optional(),
  lifecycleEvent: z.enum(["reauthorizationRequired", "subscriptionRemoved", "missed"]).optional(),
  resource: z.string().optional(),
  resourceData: z.looseObject({ id: z.string().optional() }).optional(),
  subscriptionExpirationDateTime: z.string().optional(),
  tenantId: z.string().optional(),
});
const batch = z.object({ value: z.array(item).min(1).max(1000) });
type Batch = z.infer<typeof batch>;

/** Graph's validation request: POST ?validationToken=<token>, to be echoed as text/plain within 10 seconds. */
function validationToken(req: InboundRequest): string | null {
  if (!req.url) return null;
  return new URL(req.url).searchParams.get("validationToken");
}

function kind(b: Batch): string {
  const lifecycle = b.value.find((n) => n.lifecycleEvent)?.lifecycleEvent;
  return lifecycle ? `lifecycle.${lifecycle}` : `change.${b.value[0]!.changeType ?? "updated"}`;
}

export const microsoft365Inbound: InboundCapability<Microsoft365Context> = {
  async handshake(req) {
    const token = validationToken(req);
    if (token === null) return undefined;
    // The token is opaque and echoed as is; nothing is stored and no connection is needed.
    if (token.length > 1024) throw new Error("validationToken too long");
    return { status: 200, contentType: "text/plain; charset=utf-8", body: token };
  },

  async verify(req, ctx) {
    let parsed: Batch;
    try {
      parsed = batch.parse(JSON.parse(req.rawBody));
    } catch {
      throw new Error("Not a Graph notification batch");
    }
    // Every notification in the batch must carry the secret of one of this connection's active subscriptions.
    for (const n of parsed.value) {
      if (!(await channelSecretMatches(ctx.db, ctx.connection.id, n.subscriptionId, n.clientState))) throw new Error("clientState does not match the subscription");
    }
    // Graph gives a notification no id; a batch sent again is the same bytes.
    const externalId = `graph:${createHash("sha256").update(req.rawBody).digest("hex")}`;
    return { externalId, type: kind(parsed), payload: parsed };
  },

  async process(payload, ctx) {
    const b = payload as Batch;
    const done: string[] = [];
    if (b.value.some((n) => n.lifecycleEvent === "subscriptionRemoved")) {
      await requestChannelRenewal(ctx.db, ctx.connection.id, { reopen: true });
      done.push("asked for a new subscription (Graph removed it)");
    } else if (b.value.some((n) => n.lifecycleEvent === "reauthorizationRequired")) {
      await requestChannelRenewal(ctx.db, ctx.connection.id);
      done.push("asked to renew the subscription (Graph wants it reauthorized)");
    }
    if (b.value.some((n) => n.lifecycleEvent === "missed")) {
      await requestCalendarSync(ctx.db, ctx.connection.id, "missed");
      done.push("asked for a sync (Graph missed notifications)");
    } else if (b.value.some((n) => !n.lifecycleEvent)) {
      await requestCalendarSync(ctx.db, ctx.connection.id);
      done.push("asked to read the calendar's changes");
    }
    return done.length ? processed(`${done.join("; ")}.`) : ignored("Nothing to do");
  },

  keptHeaders: [],
};
