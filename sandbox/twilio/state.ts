// Twilio accounts as the sandbox keeps them: made on first use by whoever presents
// an Account SID and auth token of Twilio's shape (so each developer can use their
// own), each with two phone numbers and one Messaging Service, and every message
// sent or received through them.
import { stateSlot } from "../core/state-slot";

export type MessageStatus = "accepted" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "received";

export interface TwilioNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  /** Where an SMS to this number is posted; the control API's inbound reply uses it when no URL is given. */
  smsUrl: string | null;
  createdAt: number;
}

export interface TwilioService {
  sid: string;
  friendlyName: string;
  /** The numbers in the service's sender pool. */
  numbers: string[];
  inboundRequestUrl: string | null;
  createdAt: number;
}

/** A Content API template, approved for WhatsApp; {{1}}… are filled from ContentVariables. */
export interface TwilioTemplate {
  sid: string;
  friendlyName: string;
  language: string;
  body: string;
  /** The variables' sample values, as the Content API shows them. */
  variables: Record<string, string>;
  createdAt: number;
}

export interface TwilioAccount {
  sid: string;
  /** The primary auth token: Basic auth with the SID, and the key every callback is signed with. */
  authToken: string;
  friendlyName: string;
  createdAt: number;
  numbers: TwilioNumber[];
  services: TwilioService[];
  templates: TwilioTemplate[];
}

export interface TwilioMessage {
  sid: string;
  accountSid: string;
  direction: "outbound-api" | "inbound";
  /** Prefixed "whatsapp:" on WhatsApp, as Twilio shows them. */
  from: string;
  to: string;
  body: string;
  /** The template a WhatsApp message was sent as, its body the template filled. */
  contentSid: string | null;
  messagingServiceSid: string | null;
  status: MessageStatus;
  errorCode: number | null;
  statusCallback: string | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
}

export type CallStatus = "queued" | "initiated" | "ringing" | "in-progress" | "completed" | "busy" | "no-answer" | "failed" | "canceled";

/** An outbound call and the TwiML it plays; `spoken` is the text of its <Say> verbs, for the inbox. */
export interface TwilioVoiceCall {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  twiml: string;
  spoken: Array<{ language: string | null; text: string }>;
  status: CallStatus;
  duration: number | null;
  statusCallback: string | null;
  /** The progress events the caller asked to hear: initiated, ringing, answered, completed. */
  statusCallbackEvents: string[];
  createdAt: number;
  updatedAt: number;
}

/** What a control call asked the next call (to one number, or any) to end as instead of being answered. */
export interface CallFault {
  to: string | null;
  status: "busy" | "no-answer" | "failed";
}

/** What a control call asked a destination number to do to the next messages sent to it. */
export interface NumberFault {
  status: "failed" | "undelivered";
  errorCode: number;
}

/** One status callback as it was posted, for the inbox and the tests. */
export interface CallbackRecord {
  url: string;
  /** The message's or the call's SID. */
  messageSid: string;
  status: MessageStatus | CallStatus;
  signature: string;
  responseStatus: number | null;
  error: string | null;
}

export interface TwilioState {
  accounts: Map<string, TwilioAccount>;
  /** API key SID → its secret and account. */
  apiKeys: Map<string, { secret: string; accountSid: string }>;
  messages: Map<string, TwilioMessage>;
  calls: Map<string, TwilioVoiceCall>;
  faults: Map<string, NumberFault>;
  callFaults: CallFault[];
  callbacks: CallbackRecord[];
  seenKeys: Set<string>;
  revokedKeys: Set<string>;
}

export function seedTwilio(): TwilioState {
  return { accounts: new Map(), apiKeys: new Map(), messages: new Map(), calls: new Map(), faults: new Map(), callFaults: [], callbacks: [], seenKeys: new Set(), revokedKeys: new Set() };
}

export const TWILIO_STATE = stateSlot("twilio", seedTwilio);
