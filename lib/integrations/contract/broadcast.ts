// The broadcast capability: a message an organizer sends to many of an event's
// attendees at once (bulk e-mail, bulk SMS, a voice call about an urgent change).
// The generic side (lib/broadcasting) picks the audience, keeps one row per
// recipient and feeds the connector batches through the job queue; the connector
// only says how one batch goes out and what became of each recipient.

/** One name per channel across lib, the sandbox and the UI. */
export type BroadcastChannelId = "email" | "sms" | "whatsapp" | "voice";

export interface BroadcastRecipient {
  /** The recipient row's id: the provider echoes it back (custom args, a callback parameter) so later delivery statuses find the row. */
  id: string;
  attendeeId: string;
  name: string;
  /** An e-mail address, or an E.164 number the attendee agreed to be contacted at, per the channel's `address`. */
  address: string;
}

export interface BroadcastMessage {
  broadcastId: string;
  /** E-mail only; empty for the other channels. */
  subject: string;
  text: string;
  /** The event's language (BCP 47), for what is spoken or localised by the provider. */
  language: string;
  event: { id: string; title: string; startsAt: string; timeZone: string; url: string };
}

/**
 * What became of one recipient. "skipped" is not an error: the address opted out,
 * is suppressed or is outside a window the provider enforces, and it is counted
 * with its reason. "failed" is the provider refusing this one recipient.
 */
export type RecipientOutcome =
  | { recipientId: string; status: "sent"; providerRef?: string }
  | { recipientId: string; status: "skipped"; reason: string }
  | { recipientId: string; status: "failed"; reason: string };

export interface BroadcastChannel<Ctx> {
  id: BroadcastChannelId;
  /** What the organizer picks from: "E-mail", "SMS", "Voice call". */
  label: string;
  /** The attendee address it needs: everyone's e-mail, or only the phone of those who agreed to be contacted by phone. */
  address: "email" | "phone";
  /** Recipients per sendBatch call: as many as the provider takes in one request (1 when it sends one message per request). */
  batchSize: number;
  /** "urgent": offered only when the event was cancelled or its start moved by more than an hour (a phone call). */
  when: "always" | "urgent";
  /** The message has a subject line (e-mail). */
  subject: boolean;
  /** False when the connection lacks what sending needs (a sender); the channel is not offered then. */
  canSend?(ctx: Ctx): boolean;
  /**
   * Sends one batch through the call policy and returns one outcome per recipient.
   * A throw (the provider down, still rate-limited after the policy's retries)
   * leaves the whole batch pending, and the queue tries it again later.
   */
  sendBatch(ctx: Ctx, message: BroadcastMessage, recipients: BroadcastRecipient[]): Promise<RecipientOutcome[]>;
}
