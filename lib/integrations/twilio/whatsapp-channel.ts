// The "whatsapp" broadcast channel: the organizer's text as a free-form WhatsApp
// message, which WhatsApp delivers only within 24 hours of the person's last
// message to the sender; everyone else is skipped with that reason (a template
// would be needed, and a bulk message is not one).
import { claimOutboundFor, isOptedOut, lastInboundAt, markAccepted } from "@/lib/sms/store";
import type { BroadcastChannel, RecipientOutcome } from "../contract/broadcast";
import type { TwilioContext } from "./manifest";
import { refusedRecipient } from "./errors";
import { sendWhatsApp, WHATSAPP_WINDOW_MS } from "./whatsapp";

export const OUTSIDE_WINDOW = "outside WhatsApp's 24-hour window";

export const whatsappChannel: BroadcastChannel<TwilioContext> = {
  id: "whatsapp",
  label: "WhatsApp",
  address: "phone",
  batchSize: 1,
  when: "always",
  subject: false,
  canSend: (ctx) => Boolean(ctx.settings.whatsappSender),
  async sendBatch(ctx, message, recipients) {
    const outcomes: RecipientOutcome[] = [];
    for (const r of recipients) {
      if (await isOptedOut(ctx.db, ctx.connection.orgId, r.address)) {
        outcomes.push({ recipientId: r.id, status: "skipped", reason: "opted out (replied STOP)" });
        continue;
      }
      const last = await lastInboundAt(ctx.db, ctx.connection.id, r.address, "whatsapp");
      if (!last || Date.now() - last.getTime() > WHATSAPP_WINDOW_MS) {
        outcomes.push({ recipientId: r.id, status: "skipped", reason: OUTSIDE_WINDOW });
        continue;
      }
      const claim = await claimOutboundFor(ctx.db, { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, attendeeId: r.attendeeId, ref: r.id, to: r.address, body: message.text, channel: "whatsapp" });
      if (claim.sid) {
        outcomes.push({ recipientId: r.id, status: "sent", providerRef: claim.sid });
        continue;
      }
      try {
        const sent = await sendWhatsApp(ctx, r.address, { body: message.text });
        await markAccepted(ctx.db, claim.id, sent);
        outcomes.push({ recipientId: r.id, status: "sent", providerRef: sent.sid });
      } catch (err) {
        const refused = refusedRecipient(err);
        if (!refused) throw err;
        outcomes.push({ recipientId: r.id, status: "failed", reason: refused });
      }
    }
    return outcomes;
  },
};
