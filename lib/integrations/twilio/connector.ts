// Twilio: SMS and WhatsApp confirmations and reminders to attendees who agreed to
// them, from the organization's own numbers, and voice calls about an urgent change.
import { ProviderCallError, defineConnector } from "../contract";
import { callTwilio } from "./client";
import { classifyTwilioError } from "./errors";
import { manifest } from "./manifest";
import { twilioMessaging } from "./messaging";
import { numberChoices, senderChoices } from "./senders";
import { smsBroadcast } from "./broadcast-sms";
import { voiceChannel } from "./voice";
import { textConfirmation } from "./confirmation";
import { twilioInbound } from "./inbound";
import { remind } from "./reminder";
import { templateChoices } from "./whatsapp";
import { whatsappChannel } from "./whatsapp-channel";
import { whatsappConfirmation } from "./whatsapp-facts";

/** The confirmation by SMS, and as the WhatsApp template when one is chosen; each sent once per fact and number. */
async function confirm(fact: Parameters<typeof textConfirmation>[0], ctx: Parameters<typeof textConfirmation>[1]): Promise<void> {
  await textConfirmation(fact, ctx);
  await whatsappConfirmation(fact, ctx);
}

export const connector = defineConnector(manifest, {
  classifyError: classifyTwilioError,
  messaging: twilioMessaging,
  fieldOptions: { sender: senderChoices, caller: numberChoices, whatsappSender: numberChoices, whatsappConfirmationTemplate: templateChoices, whatsappReminderTemplate: templateChoices },
  broadcast: [smsBroadcast, whatsappChannel, voiceChannel],
  async testConnection(ctx) {
    const account = await callTwilio(ctx, "accounts.fetch", (c) => c.api.v2010.accounts(ctx.credentials.accountSid).fetch());
    if (account.status !== "active") {
      throw new ProviderCallError("accounts.fetch", { kind: "auth", message: `the account is ${account.status}; reactivate it in the Twilio Console` });
    }
    const senders = await senderChoices(ctx);
    const how = ctx.credentials.apiKeySid ? "an API key" : "the auth token";
    return {
      account: { id: account.sid, name: account.friendlyName },
      detail: `Connected to ${account.friendlyName} with ${how}; ${senders.length} sender${senders.length === 1 ? "" : "s"} (phone numbers and Messaging Services) to choose from.`,
    };
  },
  inbound: twilioInbound,
  handlers: {
    "registration.created": confirm,
    "ticket.purchased": confirm,
    "event.reminder": remind,
  },
});
