// The "voice" broadcast channel: an urgent change (a cancellation, a moved start)
// read out on a phone call to each attendee who agreed to be contacted by phone.
// One call per request, placed from one of the account's numbers (a Messaging
// Service cannot call), its words spoken in the event's language by TwiML the SDK
// builds (and escapes), its progress posted back to the connection's callback URL.
import twilio from "twilio";
import type VoiceResponse from "twilio/lib/twiml/VoiceResponse";
import { isOptedOut } from "@/lib/sms/store";
import { claimCall, markCallPlaced } from "@/lib/voice/store";
import type { BroadcastChannel, BroadcastMessage, RecipientOutcome } from "../contract/broadcast";
import { callbackUrl } from "./callback-url";
import { callTwilio } from "./client";
import { refusedRecipient } from "./errors";
import type { TwilioContext, TwilioSettings } from "./manifest";

type SayLanguage = NonNullable<VoiceResponse.SayAttributes["language"]>;

/** Twilio speaks a language with its region ("de-DE"); a bare language gets its most common one. */
const REGION: Record<string, string> = { en: "en-US", de: "de-DE", fr: "fr-FR", it: "it-IT", es: "es-ES", pt: "pt-BR", nl: "nl-NL", da: "da-DK", sv: "sv-SE", nb: "nb-NO", fi: "fi-FI", pl: "pl-PL", ja: "ja-JP", ko: "ko-KR", ru: "ru-RU", tr: "tr-TR" };

export function sayLanguage(language: string): SayLanguage {
  const [base = "en", region] = language.split(/[-_]/);
  if (region) return `${base.toLowerCase()}-${region.toUpperCase()}` as SayLanguage;
  return (REGION[base.toLowerCase()] ?? "en-US") as SayLanguage;
}

/** What the callee hears: the event, then the organizer's words, said twice so a late listener catches them. */
export function callTwiml(message: BroadcastMessage): string {
  const response = new twilio.twiml.VoiceResponse();
  const language = sayLanguage(message.language);
  response.say({ language }, message.event.title);
  response.pause({ length: 1 });
  response.say({ language, loop: 2 }, message.text);
  return response.toString();
}

/** The number calls come from: the chosen caller, or the SMS sender when that is a number. */
export function callerNumber(settings: Pick<TwilioSettings, "caller" | "sender">): string {
  if (settings.caller) return settings.caller;
  return settings.sender.startsWith("+") ? settings.sender : "";
}

const EVENTS = ["initiated", "ringing", "answered", "completed"];

export const voiceChannel: BroadcastChannel<TwilioContext> = {
  id: "voice",
  label: "Voice call",
  address: "phone",
  batchSize: 1,
  when: "urgent",
  subject: false,
  canSend: (ctx) => Boolean(callerNumber(ctx.settings)),
  async sendBatch(ctx, message, recipients) {
    const from = callerNumber(ctx.settings);
    const twiml = callTwiml(message);
    // Without the auth token Twilio's callbacks could not be verified, so none are asked for.
    const status = ctx.credentials.authToken ? { statusCallback: callbackUrl(ctx.connection), statusCallbackEvent: EVENTS, statusCallbackMethod: "POST" } : {};
    const outcomes: RecipientOutcome[] = [];
    for (const r of recipients) {
      if (await isOptedOut(ctx.db, ctx.connection.orgId, r.address)) {
        outcomes.push({ recipientId: r.id, status: "skipped", reason: "opted out (replied STOP)" });
        continue;
      }
      const claim = await claimCall(ctx.db, { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, attendeeId: r.attendeeId, ref: r.id, to: r.address, from, message: message.text, twiml });
      if (claim.sid) {
        outcomes.push({ recipientId: r.id, status: "sent", providerRef: claim.sid });
        continue;
      }
      try {
        const call = await callTwilio(ctx, "calls.create", (c) => c.api.v2010.accounts(ctx.credentials.accountSid).calls.create({ to: r.address, from, twiml, ...status }));
        await markCallPlaced(ctx.db, claim.id, { sid: call.sid, status: call.status });
        outcomes.push({ recipientId: r.id, status: "sent", providerRef: call.sid });
      } catch (err) {
        const refused = refusedRecipient(err);
        if (!refused) throw err;
        outcomes.push({ recipientId: r.id, status: "failed", reason: refused });
      }
    }
    return outcomes;
  },
};
