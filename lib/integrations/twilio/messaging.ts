// SMS to people through the organization's Twilio account, from the chosen sender.
import { isOptedOut } from "@/lib/sms/store";
import type { Messaging } from "../contract";
import { callTwilio } from "./client";
import type { TwilioContext, TwilioCredentials, TwilioSettings } from "./manifest";
import { senderParams } from "./senders";

export interface SentSms {
  sid: string;
  status: string;
  /** Null until a Messaging Service has picked its sender. */
  from: string | null;
}

/** Sends one SMS; throws (through the call policy) when Twilio refuses it. */
export async function sendSms(ctx: TwilioContext, to: string, body: string, statusCallback?: string): Promise<SentSms> {
  const m = await callTwilio(ctx, "messages.create", (c) =>
    c.api.v2010.accounts(ctx.credentials.accountSid).messages.create({ to, body, ...senderParams(ctx.settings.sender), ...(statusCallback ? { statusCallback } : {}) }),
  );
  return { sid: m.sid, status: m.status, from: m.from || null };
}

export const twilioMessaging: Messaging<TwilioCredentials, TwilioSettings> = {
  channel: "sms",
  canSend: (ctx) => Boolean(ctx.settings.sender),
  async send(ctx, message) {
    // A number that replied STOP is skipped until it replies START.
    for (const to of message.to) if (!(await isOptedOut(ctx.db, ctx.connection.orgId, to))) await sendSms(ctx, to, message.text);
  },
};
