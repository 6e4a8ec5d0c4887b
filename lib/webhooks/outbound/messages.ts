// What an admin sees of and does with messages: the attempt log, resend one
// message, replay every failed message since a time, send a test event.
// Each of these enqueues attempts for the worker; none posts inside the request.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import { enqueuePerRow } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import { deliveryConfig } from "./config";
import { assertEnabled, getEndpoint } from "./endpoints";
import { ATTEMPT_JOB_MAX_ATTEMPTS, enqueueAttempt } from "./queue";
import { TEST_EVENT_TYPE, messageBody, newMsgId } from "./sign";

export { TEST_EVENT_TYPE };

export async function listMessages(db: Db, orgId: string, endpointId: string, opts: { limit?: number; status?: string } = {}) {
  let q = db
    .selectFrom("webhook_messages")
    .select(["id", "msg_id", "event_type", "status", "attempts", "last_response_status", "next_attempt_at", "created_at", "delivered_at"])
    .where("org_id", "=", orgId)
    .where("endpoint_id", "=", endpointId)
    .orderBy("created_at", "desc")
    .limit(opts.limit ?? 50);
  if (opts.status) q = q.where("status", "=", opts.status as "failed");
  return q.execute();
}

export async function listAttempts(db: Db, orgId: string, endpointId: string, opts: { limit?: number } = {}) {
  return db
    .selectFrom("webhook_attempts as a")
    .innerJoin("webhook_messages as m", "m.id", "a.message_id")
    .select(["a.id", "a.attempted_at", "a.trigger", "a.response_status", "a.response_body", "a.error", "a.duration_ms", "a.request_headers", "m.msg_id", "m.event_type", "m.id as message_id"])
    .where("a.org_id", "=", orgId)
    .where("a.endpoint_id", "=", endpointId)
    .orderBy("a.attempted_at", "desc")
    .orderBy("a.id", "desc")
    .limit(opts.limit ?? 100)
    .execute();
}

export async function resendMessage(db: Db, orgId: string, messageId: string): Promise<void> {
  if (!z.uuid().safeParse(messageId).success) throw new NotFoundError("Message");
  const message = await db.selectFrom("webhook_messages").select(["id", "endpoint_id"]).where("id", "=", messageId).where("org_id", "=", orgId).executeTakeFirst();
  if (!message) throw new NotFoundError("Message");
  assertEnabled(await getEndpoint(db, orgId, message.endpoint_id));
  await enqueueAttempt(db, { messageId, attempt: 0, trigger: "resend", deferrals: 0 }, { unique: randomUUID() });
}

const since = z.coerce.date({ error: "Enter a date and time" });

/** Queues one attempt for every failed message of the endpoint created since then; returns how many. */
export async function replayFailedSince(db: Db, orgId: string, endpointId: string, sinceInput: unknown): Promise<number> {
  const parsed = since.safeParse(sinceInput);
  if (!parsed.success || Number.isNaN(parsed.data.getTime())) throw new ValidationError({ since: ["Enter a date and time"] });
  const from = parsed.data;
  assertEnabled(await getEndpoint(db, orgId, endpointId));
  const replay = enqueuePerRow(
    "deliver_webhook_message",
    { messageId: sql`m.id`, attempt: 0, trigger: "replay", deferrals: 0 },
    { maxAttempts: ATTEMPT_JOB_MAX_ATTEMPTS, jobKey: jobKeys.outboundAttempt.sql(sql`m.id`, sql.lit("replay"), sql`${from.toISOString()}`) },
  );
  const res = await sql<{ n: string }>`
    select count(${replay}) as n
    from webhook_messages m
    where m.org_id = ${orgId}::uuid and m.endpoint_id = ${endpointId}::uuid and m.status = 'failed' and m.created_at >= ${from}::timestamptz`.execute(db);
  return Number(res.rows[0]?.n ?? 0);
}

/** A message of type webhook.test, from no domain event, delivered like any other. */
export async function sendTestEvent(db: Db, orgId: string, endpointId: string): Promise<{ messageId: string; msgId: string }> {
  const endpoint = await getEndpoint(db, orgId, endpointId);
  assertEnabled(endpoint);
  const now = deliveryConfig().now();
  const msgId = newMsgId();
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("webhook_messages")
      .values({
        org_id: orgId,
        endpoint_id: endpointId,
        domain_event_id: null,
        msg_id: msgId,
        event_type: TEST_EVENT_TYPE,
        body: messageBody(TEST_EVENT_TYPE, now, { endpointId, message: "A test event from Switchboard. If you can read this, your endpoint receives and can verify our webhooks." }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueueAttempt(tx, { messageId: row.id, attempt: 1, trigger: "test", deferrals: 0 });
    return { messageId: row.id, msgId };
  });
}
