// Messages to people through the organization's SendGrid: plain text (and HTML
// when given) from the connection's sender address.
import type { ConnectorContext, Messaging } from "../contract";
import { sendgridClients } from "./client";

type Ctx = ConnectorContext<{ apiKey: string }, { fromEmail: string; fromName: string }>;

export const sendgridMessaging: Messaging<Ctx["credentials"], Ctx["settings"]> = {
  channel: "email",
  canSend: (ctx) => Boolean(ctx.settings.fromEmail),
  async send(ctx, message) {
    const content = [{ type: "text/plain", value: message.text }];
    if (message.html) content.push({ type: "text/html", value: message.html });
    await ctx.call("mail.send", () =>
      sendgridClients(ctx.baseUrl, ctx.credentials.apiKey).mail.send({
        from: { email: ctx.settings.fromEmail, name: ctx.settings.fromName || undefined },
        personalizations: [{ to: message.to.map((email) => ({ email })) }],
        subject: message.subject,
        content,
      } as never),
    );
  },
};
