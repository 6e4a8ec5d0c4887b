// Twilio's callbacks to /api/webhooks/twilio: delivery statuses of the messages we
// sent, the progress of the calls we placed, and SMS and WhatsApp messages people
// send to the account's numbers. Each is signed with the account's auth token over
// the public URL and the POST parameters, checked with the SDK's own validator.
import twilio from "twilio";
import { recordRecipientDelivery } from "@/lib/broadcasts/delivery";
import { applyStatus, optIn, optOut, recordInbound } from "@/lib/sms/store";
import { applyCallStatus } from "@/lib/voice/store";
import { ignored, processed, type InboundCapability } from "../contract/inbound";
import { publicUrlOf } from "./callback-url";
import type { TwilioContext } from "./manifest";
import { sendSms } from "./messaging";
import { channelOf, sendWhatsApp } from "./whatsapp";

/** Twilio's own opt-out and opt-in keywords (its Advanced Opt-Out defaults). */
const STOP = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]);
const START = new Set(["START", "YES", "UNSTOP"]);
const HELP = new Set(["HELP", "INFO"]);
const HELP_ANSWER = "You get messages about the events you registered for. Reply STOP to opt out, START to opt back in.";

type Params = Record<string, string>;

interface TwilioCallback {
  kind: "status" | "incoming" | "call";
  params: Params;
}

function keywordOf(body: string): string {
  return body.trim().split(/\s+/)[0]?.toUpperCase().replace(/[^A-Z]/g, "") ?? "";
}

async function applyCall(ctx: TwilioContext, params: Params) {
  const sid = params.CallSid!;
  const duration = params.CallDuration ? Number(params.CallDuration) : null;
  const changed = await applyCallStatus(ctx.db, ctx.connection.id, sid, params.CallStatus!, Number.isFinite(duration) ? duration : null);
  // A call of a broadcast also moves its recipient's delivery on the broadcast's page.
  await recordRecipientDelivery(ctx.db, { connectionId: ctx.connection.id, providerRef: sid, delivery: params.CallStatus!, detail: null });
  return changed ? processed(`call ${sid} is ${params.CallStatus}`) : ignored(`call ${sid}: ${params.CallStatus} is not newer than what is known`);
}

export const twilioInbound: InboundCapability<TwilioContext> = {
  keptHeaders: ["x-twilio-signature", "i-twilio-idempotency-token"],
  async verify(req, ctx) {
    const signature = req.headers.get("x-twilio-signature");
    if (!signature || !req.url) throw new Error("missing X-Twilio-Signature");
    if (!ctx.credentials.authToken) throw new Error("the connection has no auth token to check Twilio's signature with");
    const params: Params = Object.fromEntries(new URLSearchParams(req.rawBody));
    if (!twilio.validateRequest(ctx.credentials.authToken, signature, publicUrlOf(req.url), params)) throw new Error("X-Twilio-Signature does not match");
    if (params.AccountSid !== ctx.credentials.accountSid) throw new Error("the callback is for another account");
    // A call's progress: one callback per status, so the status is part of its identity.
    if (params.CallSid && params.CallStatus) {
      return { externalId: `${params.CallSid}:${params.CallStatus}`, type: `call.${params.CallStatus}`, payload: { kind: "call", params } satisfies TwilioCallback };
    }
    const sid = params.MessageSid ?? params.SmsSid;
    if (!sid) throw new Error("no MessageSid");
    if (params.MessageStatus) {
      return { externalId: `${sid}:${params.MessageStatus}`, type: `message.${params.MessageStatus}`, payload: { kind: "status", params } satisfies TwilioCallback };
    }
    return { externalId: `${sid}:received`, type: "message.received", payload: { kind: "incoming", params } satisfies TwilioCallback };
  },
  async process(payload, ctx) {
    const { kind, params } = payload as TwilioCallback;
    const orgId = ctx.connection.orgId;
    if (kind === "call") return applyCall(ctx, params);
    const sid = (params.MessageSid ?? params.SmsSid)!;
    if (kind === "status") {
      const errorCode = params.ErrorCode ? Number(params.ErrorCode) : null;
      const changed = await applyStatus(ctx.db, ctx.connection.id, sid, params.MessageStatus!, errorCode);
      // A text of a broadcast also moves its recipient's delivery on the broadcast's page.
      await recordRecipientDelivery(ctx.db, { connectionId: ctx.connection.id, providerRef: sid, delivery: params.MessageStatus!, detail: errorCode ? `error ${errorCode}` : null });
      return changed ? processed(`${sid} is ${params.MessageStatus}`) : ignored(`${sid}: ${params.MessageStatus} is not newer than what is known`);
    }
    // A WhatsApp message comes "whatsapp:+…"; kept as the plain number, so STOP on either channel stops both.
    const { phone: from, channel } = channelOf(params.From ?? "");
    await recordInbound(ctx.db, { orgId, connectionId: ctx.connection.id, sid, from, to: channelOf(params.To ?? "").phone, body: params.Body ?? "", channel });
    const keyword = keywordOf(params.Body ?? "");
    if (STOP.has(keyword)) {
      await optOut(ctx.db, orgId, from, keyword);
      return processed(`${from} opted out (${keyword})`);
    }
    if (START.has(keyword)) {
      await optIn(ctx.db, orgId, from);
      return processed(`${from} opted in again (${keyword})`);
    }
    if (HELP.has(keyword) && channel === "whatsapp" && ctx.settings.whatsappSender) {
      // The person just wrote, so WhatsApp's 24-hour window is open for a free-form answer.
      await sendWhatsApp(ctx, from, { body: HELP_ANSWER });
      return processed(`answered ${keyword} from ${from} on WhatsApp`);
    }
    if (HELP.has(keyword) && channel === "sms" && ctx.settings.sender) {
      await sendSms(ctx, from, HELP_ANSWER);
      return processed(`answered ${keyword} from ${from}`);
    }
    return processed(`reply from ${from} kept`);
  },
};
