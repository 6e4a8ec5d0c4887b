// SendGrid: confirmation e-mails with the event's calendar file and the tickets as a PDF, from the
// organization's own sender, by API key.
import { formatMoney } from "@/lib/domain/money";
import { ticketPdf } from "@/lib/tickets/pdf";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { defineConnector, ProviderCallError } from "../contract";
import { findExternal, saveExternal } from "../external-objects";
import { sendgridClients } from "./client";
import { classifySendGridError } from "./errors";
import { eventVars } from "./event-vars";
import { eventIcs } from "./ics";
import { manifest, type SendGridContext } from "./manifest";
import { sendgridMessaging } from "./messaging";
import { sendgridEvents } from "./events";
import { emailBroadcast } from "./broadcast";
import { sendReminderMail } from "./reminder";
import { buyerMaterialsUrl, sendMaterialMail } from "./materials";
import { registerSandboxEventWebhook } from "./sandbox-webhook";
import { sender } from "./sender";
import { sendgridActivity, suppressedSend } from "./suppression";
import { templates, type TemplateVars } from "./templates";
import { sendMessage, templateChoices } from "./dynamic-templates";

type Ctx = SendGridContext;

async function sendConfirmation(event: DomainEvent<"registration.created"> | DomainEvent<"ticket.purchased">, ctx: Ctx) {
  if (!ctx.settings.sendConfirmations) return;
  // One e-mail per order, however often the delivery is retried.
  if (await findExternal(ctx.db, ctx.connection.id, "sendgrid_confirmation", event.id)) return;
  const { event: ev, order, attendees } = event.payload;
  if (await suppressedSend(ctx, order.buyerEmail, `confirmation:${event.id}`)) return;
  const from = sender(ctx);
  const counts = new Map<string, number>();
  for (const a of attendees) counts.set(a.ticketTypeName, (counts.get(a.ticketTypeName) ?? 0) + 1);
  const vars: TemplateVars = {
    buyer_name: order.buyerName,
    ...eventVars(ev),
    tickets: [...counts].map(([name, n]) => `${n} × ${name}`).join(", "),
    order_total: formatMoney(order.totalMinor, order.currency),
    materials_url: await buyerMaterialsUrl(ctx, event.payload),
  };
  const ics = eventIcs(ev, { name: from.name ?? from.email, email: from.email });
  // The tickets as they stand when the e-mail goes: one refunded meanwhile is left out.
  const pdf = await ticketPdf(ctx.db, ctx.connection.orgId, order.id);
  const response = await sendMessage(ctx, "order_confirmation", vars, {
    from,
    to: { email: order.buyerEmail, name: order.buyerName },
    attachments: [
      { content: Buffer.from(ics).toString("base64"), filename: "event.ics", type: "text/calendar", disposition: "attachment" },
      ...(pdf ? [{ content: Buffer.from(pdf).toString("base64"), filename: "tickets.pdf", type: "application/pdf", disposition: "attachment" }] : []),
    ],
    customArgs: { order_id: order.id },
  });
  await saveExternal(ctx.db, {
    connectionId: ctx.connection.id,
    orgId: ctx.connection.orgId,
    kind: "sendgrid_confirmation",
    localId: event.id,
    externalId: String(response.headers["x-message-id"] ?? "sent"),
  });
}

export const connector = defineConnector(manifest, {
  templates,
  messaging: sendgridMessaging,
  inbound: sendgridEvents,
  broadcast: [emailBroadcast],
  activity: sendgridActivity,
  classifyError: classifySendGridError,
  fieldOptions: { confirmationTemplateId: templateChoices("order_confirmation"), reminderTemplateId: templateChoices("reminder") },
  async testConnection(ctx) {
    const [, body] = await ctx.call("scopes", () =>
      sendgridClients(ctx.baseUrl, ctx.credentials.apiKey).client.request({ method: "GET", url: "/v3/scopes" }),
    );
    const scopes: string[] = (body as { scopes?: string[] })?.scopes ?? [];
    if (!scopes.includes("mail.send")) {
      // Looks like success to SendGrid, but this key could never send a confirmation.
      throw new ProviderCallError("scopes", { kind: "auth", message: "this key lacks the Mail Send permission; create one with Mail Send access" });
    }
    return { account: { id: "", name: `API key ${ctx.credentials.apiKey.slice(-4).padStart(8, "•")}` }, detail: `The key works and may send mail (${scopes.length} permissions).` };
  },
  async afterConnect(ctx, { webhookUrl }) {
    return registerSandboxEventWebhook(ctx, webhookUrl);
  },
  async sendTest(ctx, to) {
    const suppressed = await suppressedSend(ctx, to.email, `test:${Date.now()}`);
    if (suppressed) return `Not sent: ${to.email} is suppressed (${suppressed.reason}, ${suppressed.occurredAt.toISOString().slice(0, 10)}). SendGrid reported it, so no e-mail goes to it again.`;
    await ctx.call("mail.send", () =>
      sendgridClients(ctx.baseUrl, ctx.credentials.apiKey).mail.send({
        from: sender(ctx),
        to: { email: to.email, name: to.name ?? undefined },
        subject: "Switchboard test e-mail",
        html: "<p>This is a test from Switchboard. Your SendGrid connection can send e-mail.</p>",
      }),
    );
    return `Sent a test e-mail to ${to.email}.`;
  },
  handlers: {
    "registration.created": sendConfirmation,
    "ticket.purchased": sendConfirmation,
    "event.reminder": sendReminderMail,
    "event.material_added": sendMaterialMail,
  },
});
