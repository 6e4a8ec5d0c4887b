// The SMS and WhatsApp messages an organization's connections sent and received,
// and the numbers that opted out (on either channel). Provider-neutral: a messaging
// connector writes here, the attendee page reads. Numbers are plain E.164.
import { derivedId } from "@/lib/db/derived-id";
import type { Db } from "@/lib/db/client";
import { atLeastRank } from "@/lib/db/ranked-status";

/**
 * Delivery statuses in the order they can happen. Callbacks arrive in any order,
 * so a status is applied only over a lower one: a late "sent" never overwrites
 * "delivered", and the first final status stays.
 */
export const STATUS_RANK: Record<string, number> = {
  pending: 0,
  accepted: 1,
  scheduled: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  read: 6,
  received: 5,
};

export function statusRank(status: string): number {
  return STATUS_RANK[status] ?? 0;
}

export type MessageChannel = "sms" | "whatsapp";

export interface OutboundClaim {
  id: string;
  sid: string | null;
}

/** The message this fact owes this number, made on first ask: a retried delivery finds it and its SID. */
export async function claimOutbound(
  db: Db,
  m: { orgId: string; connectionId: string; attendeeId: string | null; domainEventId: string; to: string; body: string; channel?: MessageChannel },
): Promise<OutboundClaim> {
  const channel = m.channel ?? "sms";
  await db
    .insertInto("sms_messages")
    .values({ org_id: m.orgId, connection_id: m.connectionId, attendee_id: m.attendeeId, direction: "outbound", channel, domain_event_id: m.domainEventId, to_number: m.to, body: m.body, status: "pending" })
    .onConflict((oc) => oc.columns(["connection_id", "domain_event_id", "to_number", "channel"]).where("domain_event_id", "is not", null).doNothing())
    .execute();
  return db
    .selectFrom("sms_messages")
    .select(["id", "sid"])
    .where("connection_id", "=", m.connectionId)
    .where("domain_event_id", "=", m.domainEventId)
    .where("to_number", "=", m.to)
    .where("channel", "=", channel)
    .executeTakeFirstOrThrow();
}

/** What the provider answered when it accepted the message; a callback that already came first keeps its higher status. */
export async function markAccepted(db: Db, id: string, a: { sid: string; status: string; from: string | null }): Promise<void> {
  const rank = statusRank(a.status);
  await db
    .updateTable("sms_messages")
    .set({
      sid: a.sid,
      from_number: a.from,
      ...atLeastRank(a.status, rank),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

/** Applies a delivery status over a lower one only; false when it changed nothing (older news, or no such message). */
export async function applyStatus(db: Db, connectionId: string, sid: string, status: string, errorCode: number | null): Promise<boolean> {
  const rank = statusRank(status);
  const res = await db
    .updateTable("sms_messages")
    .set({ status, status_rank: rank, error_code: errorCode, updated_at: new Date() })
    .where("connection_id", "=", connectionId)
    .where("sid", "=", sid)
    .where("status_rank", "<", rank)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function recordInbound(db: Db, m: { orgId: string; connectionId: string; sid: string; from: string; to: string; body: string; channel?: MessageChannel }): Promise<void> {
  // The reply belongs to the latest attendee who agreed to SMS at that number.
  const attendee = await db
    .selectFrom("attendees")
    .select("id")
    .where("org_id", "=", m.orgId)
    .where("sms_phone", "=", m.from)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  await db
    .insertInto("sms_messages")
    .values({
      org_id: m.orgId,
      connection_id: m.connectionId,
      attendee_id: attendee?.id ?? null,
      direction: "inbound",
      channel: m.channel ?? "sms",
      to_number: m.to,
      from_number: m.from,
      body: m.body,
      sid: m.sid,
      status: "received",
      status_rank: statusRank("received"),
    })
    .onConflict((oc) => oc.columns(["connection_id", "sid"]).where("sid", "is not", null).doNothing())
    .execute();
}

/** When `phone` last wrote to the connection on `channel`, or null: WhatsApp allows free-form text for 24 hours after. */
export async function lastInboundAt(db: Db, connectionId: string, phone: string, channel: MessageChannel): Promise<Date | null> {
  const row = await db
    .selectFrom("sms_messages")
    .select((eb) => eb.fn.max("created_at").as("at"))
    .where("connection_id", "=", connectionId)
    .where("direction", "=", "inbound")
    .where("channel", "=", channel)
    .where("from_number", "=", phone)
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

/**
 * A message owed to a number for something other than a fact (a bulk message's
 * recipient row), made on first ask like claimOutbound; `ref` takes the fact's
 * place as a UUID derived from it, so the same "once" index guards it.
 */
export async function claimOutboundFor(
  db: Db,
  m: { orgId: string; connectionId: string; attendeeId: string | null; ref: string; to: string; body: string; channel: MessageChannel },
): Promise<OutboundClaim> {
  return claimOutbound(db, { ...m, domainEventId: derivedId(`ref:${m.ref}`) });
}

export async function isOptedOut(db: Db, orgId: string, phone: string): Promise<boolean> {
  return Boolean(await db.selectFrom("sms_opt_outs").select("phone").where("org_id", "=", orgId).where("phone", "=", phone).executeTakeFirst());
}

export async function optOut(db: Db, orgId: string, phone: string, keyword: string): Promise<void> {
  await db.insertInto("sms_opt_outs").values({ org_id: orgId, phone, keyword }).onConflict((oc) => oc.columns(["org_id", "phone"]).doNothing()).execute();
}

export async function optIn(db: Db, orgId: string, phone: string): Promise<void> {
  await db.deleteFrom("sms_opt_outs").where("org_id", "=", orgId).where("phone", "=", phone).execute();
}

export interface AttendeeSms {
  direction: "outbound" | "inbound";
  channel: MessageChannel;
  body: string;
  status: string;
  errorCode: number | null;
  at: Date;
}

/** The attendee's SMS both ways, oldest first, for the admin's attendee list. */
export async function smsForAttendees(db: Db, orgId: string, attendeeIds: string[]): Promise<Map<string, AttendeeSms[]>> {
  const out = new Map<string, AttendeeSms[]>();
  if (attendeeIds.length === 0) return out;
  const rows = await db
    .selectFrom("sms_messages")
    .select(["attendee_id", "direction", "channel", "body", "status", "error_code", "created_at"])
    .where("org_id", "=", orgId)
    .where("attendee_id", "in", attendeeIds)
    .orderBy("created_at")
    .execute();
  for (const r of rows) {
    const list = out.get(r.attendee_id!) ?? [];
    list.push({ direction: r.direction, channel: r.channel, body: r.body, status: r.status, errorCode: r.error_code, at: r.created_at });
    out.set(r.attendee_id!, list);
  }
  return out;
}
