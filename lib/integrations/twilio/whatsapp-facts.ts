// The confirmation and the reminder as approved WhatsApp templates, to the number
// each attendee agreed to be messaged at, when a WhatsApp sender and the template
// are chosen.
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import type { TwilioContext } from "./manifest";
import { sendTemplateOnce, templateVariables } from "./whatsapp";

type OrderFact = DomainEvent<"registration.created"> | DomainEvent<"ticket.purchased">;

export async function whatsappConfirmation(fact: OrderFact, ctx: TwilioContext): Promise<void> {
  const contentSid = ctx.settings.whatsappConfirmationTemplate;
  if (!ctx.settings.whatsappSender || !contentSid) return;
  // Each consented number once, for the first attendee who gave it.
  const seen = new Set<string>();
  for (const a of fact.payload.attendees) {
    if (!a.smsPhone || seen.has(a.smsPhone)) continue;
    seen.add(a.smsPhone);
    await sendTemplateOnce(ctx, { factId: fact.id, to: a.smsPhone, attendeeId: a.id, contentSid, variables: templateVariables(a.name, fact.payload.event) });
  }
}

export async function whatsappReminder(fact: DomainEvent<"event.reminder">, ctx: TwilioContext): Promise<void> {
  const contentSid = ctx.settings.whatsappReminderTemplate;
  const { attendee, event } = fact.payload;
  if (!ctx.settings.whatsappSender || !contentSid || !attendee.smsPhone) return;
  await sendTemplateOnce(ctx, { factId: fact.id, to: attendee.smsPhone, attendeeId: attendee.id, contentSid, variables: templateVariables(attendee.name, event) });
}
