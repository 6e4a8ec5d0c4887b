// What SendGrid accepted, kept whole so the inbox can render it and tests can read it.
import { stateSlot } from "../core/state-slot";
export interface MailAddress {
  email: string;
  name?: string;
}

export interface StoredAttachment {
  filename: string;
  type: string | null;
  disposition: string;
  contentId: string | null;
  /** Base64, as sent. */
  content: string;
}

export interface StoredPersonalization {
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string | null;
  from: MailAddress | null;
}

export interface StoredMail {
  id: string;
  receivedAt: string;
  from: MailAddress;
  replyTo: MailAddress | null;
  subject: string | null;
  personalizations: StoredPersonalization[];
  text: string | null;
  html: string | null;
  attachments: StoredAttachment[];
  categories: string[];
  templateId: string | null;
  sendAt: number | null;
  /** The request body as received, for anything the summary above leaves out. */
  request: Record<string, unknown>;
}

export interface SendGridState {
  mails: StoredMail[];
  /** Keys that have been used; "revoke all" revokes these. */
  seenKeys: Set<string>;
  revokedKeys: Set<string>;
}

export function seedSendGrid(): SendGridState {
  return { mails: [], seenKeys: new Set(), revokedKeys: new Set() };
}

export const SENDGRID_STATE = stateSlot("sendgrid", seedSendGrid);
