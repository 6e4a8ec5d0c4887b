// What the sandbox's SMTP server keeps: the mails it accepted, parsed, and the
// refusals a test asked for. Part of the sandbox state, so POST /_sandbox/reset
// empties it.
import { stateSlot } from "../core/state-slot";

/** Largest message accepted (advertised as SIZE; larger ones get 552). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Mails kept; the oldest go first. */
export const MAX_KEPT = 500;

export interface SmtpAddress {
  name?: string;
  email: string;
}

export interface SmtpMail {
  /** 1, 2, 3…: arrival order within this sandbox run. */
  seq: number;
  receivedAt: string;
  /** Who signed in (AUTH), and the SMTP envelope: where the server was asked to deliver it. */
  authUser: string | null;
  envelope: { from: string | null; to: string[] };
  /** The message's own headers, parsed. */
  from: SmtpAddress | null;
  to: SmtpAddress[];
  cc: SmtpAddress[];
  subject: string | null;
  messageId: string | null;
  date: string | null;
  text: string | null;
  html: string | null;
  bytes: number;
}

/** A refusal asked for by the control API: the next `remaining` messages get `code` at MAIL FROM. */
export interface SmtpRefusal {
  code: number;
  message: string;
  remaining: number;
}

export interface SmtpState {
  nextSeq: number;
  mails: SmtpMail[];
  refusal: SmtpRefusal | null;
  /** Sign-ins refused with 535, counted for tests and the inbox. */
  authFailures: number;
}

export function seedSmtp(): SmtpState {
  return { nextSeq: 1, mails: [], refusal: null, authFailures: 0 };
}

export const SMTP_STATE = stateSlot("smtp", seedSmtp);
