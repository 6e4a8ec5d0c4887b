// A push channel as Google keeps it (events.watch): who asked, for which calendar's
// events, where to post, until when; and the record of each notification sent on it.
import { createHash } from "node:crypto";
import type { DeliveryRecord } from "../../core/deliveries";

/**
 * Google documents neither a default nor a ceiling for Calendar channels; integrators
 * see a week when no expiration is asked for, and longer requests cut down. The
 * sandbox: one week by default, at most 30 days.
 */
export const DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
export const MAX_TTL_SECONDS = 30 * 24 * 3600;

export interface PushChannel {
  id: string;
  /** Stable per watched collection, as Google's is: two channels on one calendar share it. */
  resourceId: string;
  resourceUri: string;
  calendarId: string;
  address: string;
  token: string | null;
  /** Milliseconds since the epoch, sandbox time. */
  expiration: number;
  /** The app that watched (only it may stop the channel) and the grant it used (revoked: nothing more is sent). */
  clientId: string;
  grantId: string;
  /** The last X-Goog-Message-Number sent: 1 is the sync message. */
  lastMessage: number;
  createdAt: string;
  stoppedAt: string | null;
}

export type ResourceState = "sync" | "exists" | "not_exists";

export interface PushDelivery extends DeliveryRecord {
  channelId: string;
  resourceState: ResourceState;
  messageNumber: number;
}

export function resourceIdOf(calendarId: string): string {
  return createHash("sha256").update(`events:${calendarId}`).digest("base64url").slice(0, 27);
}

export function isLive(channel: PushChannel, now: number): boolean {
  return channel.stoppedAt === null && channel.expiration > now;
}
