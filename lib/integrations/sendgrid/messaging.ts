// Messages to people through the organization's SendGrid: plain text (and HTML
// when given) from the connection's sender address.
import { createHash } from "node:crypto";
import type { ConnectorContext, Messaging } from "../contract";
import { sendgridClients } from "./client";
import { suppressedSend } from "./suppression";

type Ctx = ConnectorContext<{ apiKey: string }, { fromEmail: string; fromName: string }>;

export const sendgridMessaging: Messaging<Ctx["credentials"], Ctx["settings"]> = {
  channel: "email",
  canSend: (ctx) => Boolean(ctx.settings.fromEmail),
  async send(ctx, message) {
    // Suppressed addresses are left out (and counted); with none left there is nothing to send.
    const key = createHash("sha256").update(JSON.stringify([message.subject, message.text])).digest("hex").slice(0, 16);
    const to: string[] = [];
    for (const email of message.to) if (!(await suppressedSend(ctx, email, `message:${key}`))) to.push(email);
    if (to.length === 0) return;
    const content = [{ type: "text/plain", value: message.text }];
    if (message.html) content.push({ type: "text/html", value: message.html });
    await ctx.call("mail.send", () =>
      sendgridClients(ctx.baseUrl, ctx.credentials.apiKey).mail.send({
        from: { email: ctx.settings.fromEmail, name: ctx.settings.fromName || undefined },
        personalizations: [{ to: to.map((email) => ({ email })) }],
        subject: message.subject,
        content,
      } as never),
    );
  },
};
