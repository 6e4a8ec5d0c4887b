// What SendGrid accepted, kept whole so the inbox can render it and tests can read it.
import { createECDH, createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
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
  dynamicTemplateData: Record<string, unknown> | null;
  /** What its dynamic template rendered to, when the send named one. */
  rendered: Rendered | null;
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

/** A transactional template version (./templates.ts serves and renders them). */
export interface TemplateVersion {
  id: string;
  template_id: string;
  active: 0 | 1;
  name: string;
  subject: string;
  html_content: string;
  plain_content: string;
  generate_plain_content: boolean;
  editor: "code" | "design";
  updated_at: string;
}

export interface StoredTemplate {
  id: string;
  name: string;
  generation: "legacy" | "dynamic";
  updated_at: string;
  versions: TemplateVersion[];
}

/** What one personalization of a templated send became. */
export interface Rendered {
  subject: string | null;
  html: string | null;
  text: string | null;
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
  /** Each API key's account's transactional templates, seeded on first use. */
  templates: Map<string, StoredTemplate[]>;
}

/**
 * The sandbox's signing key: P-256, as SendGrid's signed Event Webhook uses, and
 * the same on every start (derived from a fixed, public seed, so it is a fake that
 * guards nothing), so a connection made before a restart still verifies the posts.
 */
function signingKeys(): SendGridState["signing"] {
  const d = createHash("sha256").update("switchboard sandbox: SendGrid Event Webhook signing key (fake)").digest();
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const b64url = (b: Buffer) => b.toString("base64url");
  const jwk = { kty: "EC", crv: "P-256", d: b64url(d), x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) };
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  // The public key as SendGrid shows it under Signature Verification: base64 DER.
  return { privateKey, publicKey: createPublicKey(privateKey).export({ type: "spki", format: "der" }).toString("base64") };
}

export function seedSendGrid(): SendGridState {
  return { mails: [], seenKeys: new Set(), revokedKeys: new Set(), signing: signingKeys(), eventWebhooks: new Map(), postedEvents: [], templates: new Map() };
}

export const SENDGRID_STATE = stateSlot("sendgrid", seedSendGrid);
