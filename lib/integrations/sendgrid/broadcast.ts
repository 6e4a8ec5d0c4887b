// Bulk e-mail to an event's attendees: up to 1,000 recipients per Mail Send
// request (SendGrid's limit across all personalizations), one personalization
// per recipient so nobody sees another's address, each carrying the recipient's
// id in custom_args: SendGrid echoes it on every Event Webhook event, which is
// how delivered, bounced and opened find their row. Suppressed addresses are
// skipped with the reason and counted, never sent.
import { recordEmailEvent, SKIPPED_SUPPRESSED, suppressionsFor, normalizeEmail } from "@/lib/email/suppressions";
import type { BroadcastChannel, BroadcastMessage, BroadcastRecipient, RecipientOutcome } from "../contract/broadcast";
import { sendgridClients } from "./client";
import type { SendGridContext } from "./manifest";
import { sender } from "./sender";

/** SendGrid refuses a request with more recipients than this. */
export const MAX_RECIPIENTS_PER_REQUEST = 1000;
/** The custom_args key SendGrid echoes back on each event of a broadcast e-mail. */
export const RECIPIENT_ARG = "broadcast_recipient_id";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function broadcastMail(message: BroadcastMessage): { text: string; html: string } {
  const footer = `${message.event.title}: ${message.event.url}`;
  const paragraphs = message.text.split(/\n\s*\n/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`);
  const link = `<p style="color:#555;font-size:13px"><a href="${escapeHtml(message.event.url)}">${escapeHtml(message.event.title)}</a></p>`;
  return { text: `${message.text}\n\n--\n${footer}`, html: `${paragraphs.join("\n")}\n<hr>\n${link}` };
}

export const emailBroadcast: BroadcastChannel<SendGridContext> = {
  id: "email",
  label: "E-mail",
  address: "email",
  batchSize: MAX_RECIPIENTS_PER_REQUEST,
  when: "always",
  subject: true,
  canSend: (ctx) => Boolean(ctx.settings.fromEmail),
  async sendBatch(ctx, message, recipients) {
    const { id: connectionId, orgId } = ctx.connection;
    const suppressed = await suppressionsFor(ctx.db, orgId, recipients.map((r) => r.address));
    const out: RecipientOutcome[] = [];
    const to: BroadcastRecipient[] = [];
    for (const r of recipients) {
      const s = suppressed.get(normalizeEmail(r.address));
      if (!s) {
        to.push(r);
        continue;
      }
      // Counted on the connector page like any other skip, once per broadcast and address.
      await recordEmailEvent(ctx.db, { orgId, connectionId, providerEventId: `skip:broadcast:${message.broadcastId}:${s.email}`, eventType: SKIPPED_SUPPRESSED, email: s.email, occurredAt: new Date() });
      out.push({ recipientId: r.id, status: "skipped", reason: `suppressed: ${s.reason}` });
    }
    if (to.length === 0) return out;
    if (to.length > MAX_RECIPIENTS_PER_REQUEST) throw new Error(`a batch of ${to.length} is more than SendGrid takes in one request`);
    const { text, html } = broadcastMail(message);
    const [response] = await ctx.call("mail.send", () =>
      sendgridClients(ctx.baseUrl, ctx.credentials.apiKey).mail.send({
        from: sender(ctx),
        subject: message.subject,
        personalizations: to.map((r) => ({ to: [{ email: r.address, name: r.name || undefined }], customArgs: { [RECIPIENT_ARG]: r.id } })),
        content: [
          { type: "text/plain", value: text },
          { type: "text/html", value: html },
        ],
      } as never),
    );
    const messageId = String(response.headers["x-message-id"] ?? "") || undefined;
    for (const r of to) out.push({ recipientId: r.id, status: "sent", providerRef: messageId });
    return out;
  },
};
