// Starting a broadcast: check the channel may be used for this event now, pick
// the audience, and write the broadcast, its recipients and its first batch job
// in one transaction, so a broadcast exists exactly when its sending is queued.
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError, parseOrThrow, ValidationError } from "@/lib/domain/errors";
import { createBroadcast } from "@/lib/broadcasts/records";
import { audienceOf } from "./audience";
import { channelForSending, unavailableReason } from "./channels";
import { broadcastInput, TEXT_LIMITS } from "./input";
import { enqueueBatch } from "./queue";

export async function startBroadcast(db: Db, who: { orgId: string; userId: string }, eventId: string, input: unknown): Promise<{ id: string; recipients: number }> {
  const v = parseOrThrow(broadcastInput, input);
  const event = await db.selectFrom("events").selectAll().where("id", "=", eventId).where("org_id", "=", who.orgId).executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  const [connectionId, channelId] = v.channel.split(":") as [string, string];
  const found = await channelForSending(db, who.orgId, connectionId, channelId);
  if (!found) throw new ValidationError({ channel: ["That channel is no longer connected or enabled; choose another one"] });
  const { connector, ctx, channel } = found;
  const why = unavailableReason(channel, ctx, event);
  if (why) throw new ValidationError({ channel: [`${channel.label} via ${connector.name} cannot be used now: ${why}`] });
  if (channel.subject && !v.subject) throw new ValidationError({ subject: ["Give the e-mail a subject"] });
  const limit = channel.subject ? TEXT_LIMITS.email : TEXT_LIMITS.other;
  if (v.text.length > limit) throw new ValidationError({ text: [`Keep the message under ${limit.toLocaleString("en-US")} characters for ${channel.label}`] });
  const recipients = await audienceOf(db, event, v.audience, channel.address);
  if (recipients.length === 0) throw new ConflictError(`Nobody in that audience has ${channel.address === "email" ? "an e-mail address" : "agreed to be contacted by phone"}; nothing to send.`);
  const id = await db.transaction().execute(async (tx) => {
    const id = await createBroadcast(tx, {
      orgId: who.orgId,
      eventId,
      connectionId,
      channel: channel.id,
      audience: v.audience,
      subject: channel.subject ? v.subject : "",
      text: v.text,
      createdBy: who.userId,
      recipients,
    });
    await enqueueBatch(tx, id);
    return id;
  });
  return { id, recipients: recipients.length };
}
