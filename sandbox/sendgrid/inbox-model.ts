// SendGrid's part of inbox.json: one e-mail per personalization of each send.
import type { MailAddress, SendGridState } from "./state";

export interface InboxEmail {
  /** SendGrid's X-Message-Id; one send with several personalizations yields several e-mails. */
  messageId: string;
  personalization: number;
  receivedAt: string;
  from: MailAddress;
  replyTo: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string | null;
  html: string | null;
  text: string | null;
  attachments: Array<{ filename: string; type: string | null; disposition: string; bytes: number; url: string }>;
  categories: string[];
  templateId: string | null;
  /** The personalization's dynamic_template_data, as sent. */
  dynamicTemplateData: Record<string, unknown> | null;
  sendAt: number | null;
}

export const ATTACHMENTS_PREFIX = "/_sandbox/attachments/";

export function sendgridInbox(state: SendGridState): { emails: InboxEmail[]; events: SendGridState["postedEvents"] } {
  const emails = state.mails.flatMap((mail) =>
    mail.personalizations.map((p, i) => ({
      messageId: mail.id,
      personalization: i,
      receivedAt: mail.receivedAt,
      from: p.from ?? mail.from,
      replyTo: mail.replyTo,
      to: p.to,
      cc: p.cc,
      bcc: p.bcc,
      // A dynamic template's rendering replaces the subject and content, as SendGrid's does.
      subject: p.rendered?.subject ?? p.subject ?? mail.subject,
      html: p.rendered ? p.rendered.html : mail.html,
      text: p.rendered ? p.rendered.text : mail.text,
      attachments: mail.attachments.map((a, index) => ({
        filename: a.filename,
        type: a.type,
        disposition: a.disposition,
        bytes: Buffer.from(a.content, "base64").length,
        url: `${ATTACHMENTS_PREFIX}${encodeURIComponent(mail.id)}/${index}`,
      })),
      categories: mail.categories,
      templateId: mail.templateId,
      dynamicTemplateData: p.dynamicTemplateData,
      sendAt: mail.sendAt,
    })),
  );
  return { emails, events: state.postedEvents };
}
