// SMS to people through the organization's Twilio account, from the chosen sender.
import type { Messaging } from "../contract";
import { callTwilio } from "./client";
import type { TwilioContext, TwilioCredentials, TwilioSettings } from "./manifest";
import { senderParams } from "./senders";

export interface SentSms {
  sid: string;
  status: string;
}

/** Sends one SMS; throws (through the call policy) when Twilio refuses it. */
export async function sendSms(ctx: TwilioContext, to: string, body: string, statusCallback?: string): Promise<SentSms> {
  const m = await callTwilio(ctx, "messages.create", (c) =>
    c.api.v2010.accounts(ctx.credentials.accountSid).messages.create({ to, body, ...senderParams(ctx.settings.sender), ...(statusCallback ? { statusCallback } : {}) }),
  );
  return { sid: m.sid, status: m.status };
}

export const twilioMessaging: Messaging<TwilioCredentials, TwilioSettings> = {
  channel: "sms",
  canSend: (ctx) => Boolean(ctx.settings.sender),
  async send(ctx, message) {
    for (const to of message.to) await sendSms(ctx, to, message.text);
  },
};
