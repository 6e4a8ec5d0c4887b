// What each provider received, in one JSON document: the inbox page renders it and
// tests assert on it (GET /_sandbox/inbox.json).
import type { EventResource } from "../google/state";
import type { MailAddress } from "../sendgrid/state";
import type { SandboxState } from "../state";
import { stripeInbox, type InboxStripe } from "./stripe-model";
import { paypalInbox, type InboxPaypal } from "./paypal-model";

export interface InboxSlackMessage {
  ts: string;
  user: string;
  text: string;
  blocks: unknown[] | null;
  attachments: unknown[] | null;
  threadTs: string | null;
  postedAt: string;
}

export interface InboxChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  messages: InboxSlackMessage[];
}

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
  sendAt: number | null;
}

export interface InboxCalendarEntry {
  calendarId: string;
  calendar: string;
  id: string;
  status: string;
  summary: string | null;
  description: string | null;
  location: string | null;
  start: unknown;
  end: unknown;
  attendees: unknown[];
  reminders: unknown;
  sendUpdates: string | null;
  updated: string | null;
  resource: EventResource;
}

export interface Inbox {
  slack: { channels: InboxChannel[] };
  sendgrid: { emails: InboxEmail[] };
  google: { events: InboxCalendarEntry[] };
  stripe: InboxStripe;
  paypal: InboxPaypal;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function buildInbox(state: SandboxState): Inbox {
  const channels = state.slack.channels
    .map((c) => ({
      id: c.id,
      name: c.name,
      isPrivate: c.isPrivate,
      messages: state.slack.messages
        .filter((m) => m.channel === c.id)
        .map((m) => ({ ts: m.ts, user: m.user, text: m.text, blocks: m.blocks, attachments: m.attachments, threadTs: m.threadTs, postedAt: m.postedAt })),
    }))
    .filter((c) => c.messages.length > 0);

  const emails = state.sendgrid.mails.flatMap((mail) =>
    mail.personalizations.map((p, i) => ({
      messageId: mail.id,
      personalization: i,
      receivedAt: mail.receivedAt,
      from: p.from ?? mail.from,
      replyTo: mail.replyTo,
      to: p.to,
      cc: p.cc,
      bcc: p.bcc,
      subject: p.subject ?? mail.subject,
      html: mail.html,
      text: mail.text,
      attachments: mail.attachments.map((a, index) => ({
        filename: a.filename,
        type: a.type,
        disposition: a.disposition,
        bytes: Buffer.from(a.content, "base64").length,
        url: `/_sandbox/attachments/${encodeURIComponent(mail.id)}/${index}`,
      })),
      categories: mail.categories,
      templateId: mail.templateId,
      sendAt: mail.sendAt,
    })),
  );

  const events = [...state.google.events.values()].flatMap((byId) =>
    [...byId.values()].map((e) => {
      const r = e.resource;
      return {
        calendarId: e.calendarId,
        calendar: state.google.calendars.find((c) => c.id === e.calendarId)?.summary ?? e.calendarId,
        id: String(r.id),
        status: str(r.status) ?? "confirmed",
        summary: str(r.summary),
        description: str(r.description),
        location: str(r.location),
        start: r.start,
        end: r.end,
        attendees: Array.isArray(r.attendees) ? r.attendees : [],
        reminders: r.reminders,
        sendUpdates: e.sendUpdates,
        updated: str(r.updated),
        resource: r,
      };
    }),
  );

  return { slack: { channels }, sendgrid: { emails }, google: { events }, stripe: stripeInbox(state.stripe), paypal: paypalInbox(state.paypal) };
}
