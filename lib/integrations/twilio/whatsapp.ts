// WhatsApp through Twilio: messages go from the chosen WhatsApp sender to
// "whatsapp:+…" addresses. Outside a conversation WhatsApp takes only approved
// templates (a content SID and its numbered variables); free-form text is allowed
// only within 24 hours of the person's last message to us.
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { formatInZone } from "@/lib/domain/time";
import { claimOutbound, isOptedOut, markAccepted } from "@/lib/sms/store";
import type { FieldChoice } from "../contract";
import { callbackUrl } from "./callback-url";
import { callTwilio } from "./client";
import type { TwilioContext } from "./manifest";
import type { SentSms } from "./messaging";

export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
const PREFIX = "whatsapp:";

export const toWhatsApp = (phone: string): string => `${PREFIX}${phone}`;

/** A Twilio address without its channel prefix, and which channel it was. */
export function channelOf(address: string): { phone: string; channel: "sms" | "whatsapp" } {
  return address.startsWith(PREFIX) ? { phone: address.slice(PREFIX.length), channel: "whatsapp" } : { phone: address, channel: "sms" };
}

export type WhatsAppContent = { body: string } | { contentSid: string; contentVariables: Record<string, string> };

/** Sends one WhatsApp message from the WhatsApp sender; throws (through the call policy) when Twilio refuses it. */
export async function sendWhatsApp(ctx: TwilioContext, to: string, content: WhatsAppContent): Promise<SentSms> {
  // Without the auth token Twilio's callbacks could not be verified, so none are asked for.
  const statusCallback = ctx.credentials.authToken ? { statusCallback: callbackUrl(ctx.connection) } : {};
  const what = "body" in content ? { body: content.body } : { contentSid: content.contentSid, contentVariables: JSON.stringify(content.contentVariables) };
  const m = await callTwilio(ctx, "messages.create", (c) =>
    c.api.v2010.accounts(ctx.credentials.accountSid).messages.create({ to: toWhatsApp(to), from: toWhatsApp(ctx.settings.whatsappSender), ...what, ...statusCallback }),
  );
  return { sid: m.sid, status: m.status, from: m.from ? channelOf(m.from).phone : null };
}

/** The numbered variables every template gets (the settings' help names them). */
export function templateVariables(name: string, ev: EventSnapshot): Record<string, string> {
  return { "1": name, "2": ev.title, "3": `${formatInZone(new Date(ev.startsAt), ev.timeZone)} (${ev.timeZone})`, "4": ev.url };
}

/**
 * The template `contentSid` sent to `to` for the fact `factId`: once per fact and
 * number however often the delivery runs, never to a number that replied STOP.
 */
export async function sendTemplateOnce(
  ctx: TwilioContext,
  t: { factId: string; to: string; attendeeId: string | null; contentSid: string; variables: Record<string, string> },
): Promise<"sent" | "opted_out"> {
  if (await isOptedOut(ctx.db, ctx.connection.orgId, t.to)) return "opted_out";
  const body = `Template ${t.contentSid}: ${Object.values(t.variables).join(" · ")}`;
  const claim = await claimOutbound(ctx.db, { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, attendeeId: t.attendeeId, domainEventId: t.factId, to: t.to, body, channel: "whatsapp" });
  if (claim.sid) return "sent";
  const sent = await sendWhatsApp(ctx, t.to, { contentSid: t.contentSid, contentVariables: t.variables });
  await markAccepted(ctx.db, claim.id, sent);
  return "sent";
}

/** The account's content templates, for the template selects. */
export async function templateChoices(ctx: TwilioContext): Promise<FieldChoice[]> {
  const contents = await callTwilio(ctx, "content.list", (c) => c.content.v1.contents.list({ limit: 200 }));
  return contents.map((t) => ({ value: t.sid, label: `${t.friendlyName} (${t.language})` }));
}
