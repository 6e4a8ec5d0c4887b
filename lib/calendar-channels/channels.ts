// The push channels calendars call back on, as records: provider-neutral, so a
// connector's callback verification and the sync engine (lib/calendar-sync) share
// them without either importing the other. The secret a provider sends back with
// every notification is made here and kept only as a hash.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";

export interface StoredChannel {
  id: string;
  connectionId: string;
  orgId: string;
  channelId: string;
  resourceId: string | null;
  expiresAt: Date;
  status: "active" | "stopped";
  cursor: string | null;
}

/** A fresh secret for a new channel: 32 random bytes, base64url (fits Google's 256-character token and Graph's 128-character clientState). */
export function newChannelSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashChannelSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

function row(r: {
  id: string;
  connection_id: string;
  org_id: string;
  channel_id: string;
  resource_id: string | null;
  expires_at: Date;
  status: "active" | "stopped";
  cursor: string | null;
}): StoredChannel {
  return { id: r.id, connectionId: r.connection_id, orgId: r.org_id, channelId: r.channel_id, resourceId: r.resource_id, expiresAt: r.expires_at, status: r.status, cursor: r.cursor };
}

export async function findChannel(db: Db, connectionId: string, channelId: string): Promise<StoredChannel | undefined> {
  const r = await db
    .selectFrom("calendar_channels")
    .select(["id", "connection_id", "org_id", "channel_id", "resource_id", "expires_at", "status", "cursor"])
    .where("connection_id", "=", connectionId)
    .where("channel_id", "=", channelId)
    .executeTakeFirst();
  return r ? row(r) : undefined;
}

/**
 * True when `secret` is the one made for this connection's active channel
 * `channelId`. A stopped or unknown channel verifies nothing, so a notification
 * for a channel we stopped is refused like a forged one.
 */
export async function channelSecretMatches(db: Db, connectionId: string, channelId: string, secret: string | null | undefined): Promise<boolean> {
  if (!secret) return false;
  const r = await db
    .selectFrom("calendar_channels")
    .select("secret_hash")
    .where("connection_id", "=", connectionId)
    .where("channel_id", "=", channelId)
    .where("status", "=", "active")
    .executeTakeFirst();
  if (!r) return false;
  const a = Buffer.from(hashChannelSecret(secret), "hex");
  const b = Buffer.from(r.secret_hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
