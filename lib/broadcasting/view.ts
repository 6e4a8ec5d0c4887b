// What the event page's "Message attendees" form and a broadcast's progress page
// show, read once here so the page, the progress route and the tests agree.
import type { Db } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import { deliveryCounts } from "@/lib/broadcasts/delivery";
import { findBroadcast, listBroadcasts, listRecipients, progressOf, summaryOf, type Audience, type Progress } from "@/lib/broadcasts/records";
import { AUDIENCES, audienceCounts, type AddressKind } from "./audience";
import { usableChannels } from "./channels";
import { TEXT_LIMITS } from "./input";
import { loadConnector } from "@/lib/integrations/registry";

export interface ChannelChoice {
  key: string;
  label: string;
  subject: boolean;
  address: AddressKind;
  maxLength: number;
}

export interface BroadcastFormData {
  channels: ChannelChoice[];
  audiences: ReadonlyArray<{ value: Audience; label: string }>;
  counts: Record<AddressKind, Record<Audience, number>>;
}

export async function broadcastForm(db: Db, event: EventRow): Promise<BroadcastFormData> {
  const channels = (await usableChannels(db, event)).map((c) => ({
    key: c.key,
    label: c.label,
    subject: c.channel.subject,
    address: c.channel.address,
    maxLength: c.channel.subject ? TEXT_LIMITS.email : TEXT_LIMITS.other,
  }));
  return { channels, audiences: AUDIENCES, counts: await audienceCounts(db, event) };
}

async function channelLabel(db: Db, connectionId: string, channelId: string): Promise<string> {
  const row = await db.selectFrom("connections").select("connector_id").where("id", "=", connectionId).executeTakeFirst();
  const connector = row ? await loadConnector(row.connector_id) : undefined;
  const channel = connector?.broadcast?.find((c) => c.id === channelId);
  return channel && connector ? `${channel.label} via ${connector.name}` : channelId;
}

export interface PastBroadcast {
  id: string;
  label: string;
  what: string;
  audience: string;
  createdAt: Date;
  status: "sending" | "done";
  summary: string;
}

export async function pastBroadcasts(db: Db, orgId: string, eventId: string): Promise<PastBroadcast[]> {
  const rows = await listBroadcasts(db, orgId, eventId);
  return Promise.all(
    rows.map(async (b) => ({
      id: b.id,
      label: await channelLabel(db, b.connection_id, b.channel),
      what: b.subject || b.text.slice(0, 60),
      audience: AUDIENCES.find((a) => a.value === b.audience)?.label ?? b.audience,
      createdAt: b.created_at,
      status: b.status,
      summary: summaryOf(await progressOf(db, b.id)),
    })),
  );
}

export interface BroadcastStatus {
  id: string;
  eventId: string;
  label: string;
  subject: string;
  text: string;
  audience: string;
  status: "sending" | "done";
  createdAt: string;
  finishedAt: string | null;
  progress: Progress;
  /** Recipients with an outcome (sent, skipped, failed), in percent of all. */
  percent: number;
  deliveries: Record<string, number>;
  recipients: Array<{ id: string; name: string; address: string; status: string; reason: string | null; delivery: string | null }>;
}

export async function broadcastStatus(db: Db, orgId: string, broadcastId: string): Promise<BroadcastStatus | undefined> {
  const b = await findBroadcast(db, orgId, broadcastId);
  if (!b) return undefined;
  const [progress, deliveries, recipients, label] = await Promise.all([
    progressOf(db, b.id),
    deliveryCounts(db, b.id),
    listRecipients(db, b.id),
    channelLabel(db, b.connection_id, b.channel),
  ]);
  const handled = progress.sent + progress.skipped + progress.failed;
  return {
    id: b.id,
    eventId: b.event_id,
    label,
    subject: b.subject,
    text: b.text,
    audience: AUDIENCES.find((a) => a.value === b.audience)?.label ?? b.audience,
    status: b.status,
    createdAt: b.created_at.toISOString(),
    finishedAt: b.finished_at?.toISOString() ?? null,
    progress,
    percent: progress.total === 0 ? 100 : Math.floor((handled / progress.total) * 100),
    deliveries,
    recipients: recipients.map((r) => ({ id: r.id, name: r.name, address: r.address, status: r.status, reason: r.reason, delivery: r.delivery })),
  };
}
