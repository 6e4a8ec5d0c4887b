// Google's push notifications on a watch channel (/api/webhooks/google-calendar
// ?connection=<id>): no body, only X-Goog-* headers. The channel token we chose
// comes back with each one and is checked against the hash of the connection's
// active channel; a stopped channel's notifications are refused like forged
// ones. A notification says only that something changed, so acting on one is
// asking for a read of the changes (one queued read per connection).
import { channelSecretMatches } from "@/lib/calendar-channels/channels";
import { requestCalendarSync } from "@/lib/calendar-channels/requests";
import { ignored, processed, type InboundCapability } from "../contract/inbound";
import type { CalendarContext } from "./manifest";

interface PushNotice {
  channelId: string;
  state: string;
  resourceId: string | null;
  messageNumber: string;
}

export const googleCalendarInbound: InboundCapability<CalendarContext> = {
  async verify(req, ctx) {
    const channelId = req.headers.get("x-goog-channel-id");
    const state = req.headers.get("x-goog-resource-state");
    const messageNumber = req.headers.get("x-goog-message-number");
    if (!channelId || !state || !messageNumber) throw new Error("Not a Google push notification: X-Goog-Channel-ID, X-Goog-Resource-State or X-Goog-Message-Number is missing");
    if (!(await channelSecretMatches(ctx.db, ctx.connection.id, channelId, req.headers.get("x-goog-channel-token")))) {
      throw new Error("The channel token does not match this connection's active channel");
    }
    const notice: PushNotice = { channelId, state, resourceId: req.headers.get("x-goog-resource-id"), messageNumber };
    // Google numbers each channel's messages; a resent one keeps its number.
    return { externalId: `${channelId}:${messageNumber}`, type: state, payload: notice };
  },
  async process(payload, ctx) {
    const notice = payload as PushNotice;
    if (notice.state === "sync") return ignored("The channel's first message: nothing changed yet");
    if (notice.state !== "exists" && notice.state !== "not_exists") return ignored(`Resource state ${notice.state} is not used`);
    await requestCalendarSync(ctx.db, ctx.connection.id, "notification");
    return processed("Reading the calendar's changes");
  },
  keptHeaders: ["x-goog-channel-id", "x-goog-message-number", "x-goog-resource-state", "x-goog-resource-id", "x-goog-channel-expiration"],
};
