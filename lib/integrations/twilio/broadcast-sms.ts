// Bulk SMS to an event's attendees who agreed to be texted, one message per
// request (Twilio's Messages API takes one recipient). A number that replied
// STOP is skipped with the reason and counted, never errored. Each text is kept
// in sms_messages, keyed by the broadcast and number, so it shows in the
// attendee's SMS thread and a re-run after a crash finds the SID of a text
// Twilio already accepted instead of sending it again.
import { claimOutbound, isOptedOut, markAccepted } from "@/lib/sms/store";
import { ProviderCallError } from "../contract";
import type { BroadcastChannel, RecipientOutcome } from "../contract/broadcast";
import { callbackUrl } from "./callback-url";
import type { TwilioContext } from "./manifest";
import { sendSms } from "./messaging";

export const OPTED_OUT_REASON = "opted out: the number replied STOP";

export function broadcastSmsBody(text: string): string {
  return /reply stop/i.test(text) ? text : `${text}\nReply STOP to opt out.`;
}

export const smsBroadcast: BroadcastChannel<TwilioContext> = {
  id: "sms",
  label: "SMS",
  address: "phone",
  batchSize: 1,
  when: "always",
  subject: false,
  canSend: (ctx) => Boolean(ctx.settings.sender),
  async sendBatch(ctx, message, recipients) {
    const { id: connectionId, orgId } = ctx.connection;
    const body = broadcastSmsBody(message.text);
    // Without the auth token Twilio's callbacks could not be verified, so none are asked for.
    const statusCallback = ctx.credentials.authToken ? callbackUrl(ctx.connection) : undefined;
    const out: RecipientOutcome[] = [];
    for (const r of recipients) {
      if (await isOptedOut(ctx.db, orgId, r.address)) {
        out.push({ recipientId: r.id, status: "skipped", reason: OPTED_OUT_REASON });
        continue;
      }
      const claim = await claimOutbound(ctx.db, { orgId, connectionId, attendeeId: r.attendeeId || null, domainEventId: message.broadcastId, to: r.address, body });
      if (claim.sid) {
        out.push({ recipientId: r.id, status: "sent", providerRef: claim.sid });
        continue;
      }
      try {
        const sent = await sendSms(ctx, r.address, body, statusCallback);
        await markAccepted(ctx.db, claim.id, { sid: sent.sid, status: sent.status, from: sent.from });
        out.push({ recipientId: r.id, status: "sent", providerRef: sent.sid });
      } catch (err) {
        // Twilio refusing this number (invalid, unreachable, blocked) fails it alone; anything a retry can fix fails the batch.
        if (!(err instanceof ProviderCallError) || !err.permanent || err.failure.kind === "auth") throw err;
        out.push({ recipientId: r.id, status: "failed", reason: err.failure.message });
      }
    }
    return out;
  },
};
