// Zoom's calls to the app's one event notification endpoint (/api/webhooks/zoom),
// signed with the app's secret token. The account (payload.account_id) says
// which connection a call is for; the URL check (endpoint.url_validation) is
// answered for the app itself. A meeting deleted by hand marks the event as
// missing its link; everything else is stored and ignored.
import { parseJsonAs } from "@/lib/http/json";
import { z } from "zod";
import { markMeetingMissing } from "@/lib/meetings/store";
import { ignored, processed, type InboundCapability, type InboundRequest, type VerifiedCallback } from "../contract/inbound";
import type { ZoomContext } from "./manifest";
import { deletedByUs } from "./meetings";
import { encryptedToken, knownWebhookSecrets, verifyZoomSignature, webhookSecretFor } from "./signing";

export const DELETED_BY_HAND = "The meeting was deleted in Zoom. Make the event offline and online again (untick and tick Online, saving each time) to create a new one.";

const notification = z.object({
  event: z.string().min(1),
  event_ts: z.number(),
  payload: z
    .object({
      account_id: z.string().optional(),
      plainToken: z.string().optional(),
      object: z.looseObject({ id: z.union([z.number(), z.string()]).optional(), uuid: z.string().optional() }).optional(),
    })
    .loose(),
});
type Notification = z.infer<typeof notification>;

const parse = (req: InboundRequest): Notification | undefined => parseJsonAs(notification, req.rawBody);

/** One stored row per notification: Zoom resends a notification it could not deliver with the same event_ts. */
function externalId(n: Notification): string {
  const object = n.payload.object;
  return `${n.event}:${object?.uuid ?? object?.id ?? "-"}:${n.event_ts}`;
}

async function verify(req: InboundRequest, ctx: ZoomContext): Promise<VerifiedCallback> {
  const secret = webhookSecretFor(ctx.connection.mode);
  if (!secret) throw new Error(ctx.connection.mode === "live" ? "ZOOM_WEBHOOK_SECRET_TOKEN is not set: live Zoom notifications cannot be verified" : "The sandbox is off: sandbox Zoom notifications are not accepted");
  verifyZoomSignature(req.rawBody, req.headers, [secret]);
  const n = parse(req);
  if (!n) throw new Error("Not a Zoom event notification");
  // The signature is the app's, so the account named inside must be this connection's.
  if (!ctx.connection.externalAccountId || n.payload.account_id !== ctx.connection.externalAccountId) throw new Error("Signed for another account");
  return { externalId: externalId(n), type: n.event, payload: n };
}

export const zoomInbound: InboundCapability<ZoomContext> = {
  connectionFor: (req) => parse(req)?.payload.account_id,
  async handshake(req) {
    const n = parse(req);
    if (n?.event !== "endpoint.url_validation") return undefined;
    const plainToken = n.payload.plainToken;
    if (!plainToken) throw new Error("endpoint.url_validation without plainToken");
    // Any of our apps' secrets may have signed it; the answer is encrypted with that one.
    const secret = knownWebhookSecrets().find((s) => {
      try {
        verifyZoomSignature(req.rawBody, req.headers, [s]);
        return true;
      } catch {
        return false;
      }
    });
    if (!secret) throw new Error("endpoint.url_validation not signed by a known app");
    return { status: 200, contentType: "application/json", body: JSON.stringify({ plainToken, encryptedToken: encryptedToken(secret, plainToken) }) };
  },
  verify,
  async process(payload, ctx) {
    const n = payload as Notification;
    if (n.event !== "meeting.deleted") return ignored(`Zoom event ${n.event} is not used`);
    const id = n.payload.object?.id;
    if (id === undefined) return ignored("meeting.deleted without a meeting id");
    if (await deletedByUs(ctx, String(id))) return ignored("We deleted this meeting with its event");
    const marked = await markMeetingMissing(ctx.db, { connectionId: ctx.connection.id, providerMeetingId: String(id), reason: DELETED_BY_HAND });
    return marked ? processed("Marked the event's meeting link as missing") : ignored("No active meeting of ours has this id");
  },
  keptHeaders: ["x-zm-request-timestamp", "x-zm-signature", "x-zm-trackingid"],
};
