// Twilio: SMS confirmations to attendees who agreed to them, from the
// organization's own number or Messaging Service.
import { ProviderCallError, defineConnector } from "../contract";
import { callTwilio } from "./client";
import { classifyTwilioError } from "./errors";
import { manifest } from "./manifest";
import { twilioMessaging } from "./messaging";
import { numberChoices, senderChoices } from "./senders";
import { voiceChannel } from "./voice";
import { textConfirmation } from "./confirmation";
import { twilioInbound } from "./inbound";
import { textReminder } from "./reminder";

export const connector = defineConnector(manifest, {
  classifyError: classifyTwilioError,
  messaging: twilioMessaging,
  fieldOptions: { sender: senderChoices, caller: numberChoices },
  broadcast: [voiceChannel],
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
    "registration.created": textConfirmation,
    "ticket.purchased": textConfirmation,
    "event.reminder": textReminder,
  },
});
