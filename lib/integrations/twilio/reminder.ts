// The reminder of an event.reminder fact: texted to the attendee's consented number,
// once per fact and number however often the delivery is retried (the claimed
// sms_messages row keeps the SID), never to a number that replied STOP.
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { formatOffset } from "@/lib/domain/reminders/offsets";
import { formatInZone } from "@/lib/domain/time";
import { claimOutbound, isOptedOut, markAccepted } from "@/lib/sms/store";
import { callbackUrl } from "./callback-url";
import type { TwilioContext } from "./manifest";
import { sendSms } from "./messaging";
import { whatsappReminder } from "./whatsapp-facts";
import { joinLine } from "./join-line";

type ReminderFact = DomainEvent<"event.reminder">;

export function reminderText(fact: ReminderFact): string {
  const { event: ev, reminder } = fact.payload;
  const when = `${formatInZone(new Date(ev.startsAt), ev.timeZone)} (${ev.timeZone})`;
  return `Reminder: ${ev.title} starts in ${formatOffset(reminder.offsetMinutes)}, ${when}. ${ev.url}${joinLine(ev)} Reply STOP to opt out.`;
}

/** The reminder by SMS and, when WhatsApp is set up, as its WhatsApp template. */
export async function remind(fact: ReminderFact, ctx: TwilioContext): Promise<void> {
  await textReminder(fact, ctx);
  await whatsappReminder(fact, ctx);
}

async function textReminder(fact: ReminderFact, ctx: TwilioContext): Promise<void> {
  const to = fact.payload.attendee.smsPhone;
  if (!to) return;
  if (!ctx.settings.sendReminders || !ctx.settings.sender) return;
  if (await isOptedOut(ctx.db, ctx.connection.orgId, to)) return;
  const body = reminderText(fact);
  const claim = await claimOutbound(ctx.db, { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, attendeeId: fact.payload.attendee.id, domainEventId: fact.id, to, body });
  if (claim.sid) return;
  const statusCallback = ctx.credentials.authToken ? callbackUrl(ctx.connection) : undefined;
  const sent = await sendSms(ctx, to, body, statusCallback);
  await markAccepted(ctx.db, claim.id, { sid: sent.sid, status: sent.status, from: sent.from });
}
