// The reminder e-mail: one per event.reminder fact, to the attendee, from the
// organization's editable "reminder" template or its chosen SendGrid dynamic template.
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { formatOffset } from "@/lib/domain/reminders/offsets";
import { findExternal, saveExternal } from "../external-objects";
import { sendMessage } from "./dynamic-templates";
import { eventVars } from "./event-vars";
import type { SendGridContext } from "./manifest";
import { sender } from "./sender";
import { suppressedSend } from "./suppression";
import type { ReminderVars } from "./templates";

export async function sendReminderMail(event: DomainEvent<"event.reminder">, ctx: SendGridContext) {
  if (!ctx.settings.sendReminders) return;
  // One e-mail per reminder, however often the delivery is retried.
  if (await findExternal(ctx.db, ctx.connection.id, "sendgrid_reminder", event.id)) return;
  const { event: ev, attendee, reminder } = event.payload;
  if (await suppressedSend(ctx, attendee.email, `reminder:${event.id}`)) return;
  const from = sender(ctx);
  const vars: ReminderVars = {
    attendee_name: attendee.name,
    ...eventVars(ev),
    ticket_type: attendee.ticketTypeName,
    starts_in: formatOffset(reminder.offsetMinutes),
  };
  const response = await sendMessage(ctx, "reminder", vars, {
    from,
    to: { email: attendee.email, name: attendee.name },
    customArgs: { attendee_id: attendee.id, reminder_offset_minutes: String(reminder.offsetMinutes) },
  });
  await saveExternal(ctx.db, {
    connectionId: ctx.connection.id,
    orgId: ctx.connection.orgId,
    kind: "sendgrid_reminder",
    localId: event.id,
    externalId: String(response.headers["x-message-id"] ?? "sent"),
  });
}
