// What the demo webhook receiver keeps: the latest requests posted to
// /_sandbox/receiver/<name>, as they arrived. Part of the sandbox state, so
// POST /_sandbox/reset empties it.
import { stateSlot } from "../core/state-slot";

/** Bytes of a body kept; the rest is counted, not stored (a large body must not fill memory). */
export const MAX_BODY_BYTES = 64 * 1024;
/** Requests kept; the oldest go first, so a long demo or benchmark stays bounded. */
export const MAX_KEPT = 500;

export interface ReceivedWebhook {
  /** 1, 2, 3…: arrival order within this sandbox run. */
  seq: number;
  /** The <name> of /_sandbox/receiver/<name>: one receiver per endpoint you add. */
  name: string;
  receivedAt: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** The body as UTF-8 text, cut at MAX_BODY_BYTES. */
  body: string;
  bytes: number;
  truncated: boolean;
  /** Standard Webhooks headers, read out for the inbox page. */
  webhookId: string | null;
  signaturePresent: boolean;
  /** The JSON body's "type", when it has one. */
  type: string | null;
  /** What the receiver answered (200, or the ?status= asked for). */
  status: number;
}

export interface ReceiverState {
  nextSeq: number;
  messages: ReceivedWebhook[];
}

export function seedReceiver(): ReceiverState {
  return { nextSeq: 1, messages: [] };
}

export const RECEIVER_STATE = stateSlot("receiver", seedReceiver);
