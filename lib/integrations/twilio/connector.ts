// Twilio: SMS confirmations to attendees who agreed to them, from the
// organization's own number or Messaging Service.
import { ProviderCallError, defineConnector } from "../contract";
import { callTwilio } from "./client";
import { classifyTwilioError } from "./errors";
import { manifest } from "./manifest";
import { twilioMessaging } from "./messaging";
import { senderChoices } from "./senders";
import { textConfirmation } from "./confirmation";
import { twilioInbound } from "./inbound";
import { smsBroadcast } from "./broadcast-sms";

export const connector = defineConnector(manifest, {
  classifyError: classifyTwilioError,
  messaging: twilioMessaging,
  fieldOptions: { sender: senderChoices },
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
  broadcast: [smsBroadcast],
  handlers: {
    "registration.created": textConfirmation,
    "ticket.purchased": textConfirmation,
  },
});
