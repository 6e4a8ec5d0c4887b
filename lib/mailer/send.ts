// Sending one message through the platform's SMTP server with nodemailer. One
// connection per message: notices are rare, and reading the settings each time
// lets an operator fix them without restarting the worker.
import nodemailer from "nodemailer";
import type { MailerConfig } from "./config";
import { classifyMailError, MailSendError } from "./errors";

export interface PlatformMail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

export function transportFor(config: MailerConfig) {
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls,
    ...(config.auth ? { auth: config.auth } : {}),
    connectionTimeout: config.timeouts.connectionMs,
    greetingTimeout: config.timeouts.greetingMs,
    socketTimeout: config.timeouts.socketMs,
    dnsTimeout: config.timeouts.connectionMs,
  });
}

/** Sends, or throws MailSendError saying whether a retry could help. */
export async function sendPlatformMail(config: MailerConfig, mail: PlatformMail): Promise<{ messageId: string }> {
  const transport = transportFor(config);
  try {
    const info = await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.html ? { html: mail.html } : {}) });
    // A server may accept some recipients and refuse others: a refusal of all of them throws above.
    return { messageId: info.messageId };
  } catch (err) {
    throw new MailSendError(classifyMailError(err));
  } finally {
    transport.close();
  }
}
