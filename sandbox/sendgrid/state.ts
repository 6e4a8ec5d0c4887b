// What SendGrid accepted, kept whole so the inbox can render it and tests can read it.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
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
  /** The API key it was sent with: its account's Event Webhook hears about it. Never shown. */
  apiKey: string;
}

/** One Event Webhook post: the events, where they went and what the app answered. */
export interface PostedEvents {
  at: string;
  url: string;
  events: Array<Record<string, unknown>>;
  status: number | null;
  error: string | null;
}

export interface SendGridState {
  mails: StoredMail[];
  /** Keys that have been used; "revoke all" revokes these. */
  seenKeys: Set<string>;
  revokedKeys: Set<string>;
  /** The key pair SendGrid signs Event Webhook posts with; the public half is what an admin pastes. */
  signing: { privateKey: KeyObject; publicKey: string };
  /** Each API key's account's Event Webhook URL. */
  eventWebhooks: Map<string, string>;
  postedEvents: PostedEvents[];
}

function signingKeys(): SendGridState["signing"] {
  // P-256, as SendGrid's signed Event Webhook uses; the public key as SendGrid shows it (base64 DER).
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return { privateKey, publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64") };
}

export function seedSendGrid(): SendGridState {
  return { mails: [], seenKeys: new Set(), revokedKeys: new Set(), signing: signingKeys(), eventWebhooks: new Map(), postedEvents: [] };
}

export const SENDGRID_STATE = stateSlot("sendgrid", seedSendGrid);
