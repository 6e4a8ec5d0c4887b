// From one domain event to one message per subscribed endpoint: a single
// INSERT … SELECT (a thousand endpoints are still one statement), and each new
// message's first attempt enqueued by that same statement. unique(endpoint_id,
// domain_event_id) makes a second run insert and enqueue nothing.
import { sql } from "kysely";
import type { DbOrTx } from "@/lib/db/client";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { firstAttemptsSql } from "./queue";
import { messageBody } from "./sign";

export async function fanOutDomainEvent(db: DbOrTx, event: Pick<DomainEvent, "id" | "orgId" | "type" | "occurredAt" | "payload">): Promise<number> {
  const body = messageBody(event.type, event.occurredAt, event.payload);
  const insert = sql`
    insert into webhook_messages (org_id, endpoint_id, domain_event_id, msg_id, event_type, body)
    select e.org_id, e.id, ${event.id}::uuid, 'msg_' || replace(gen_random_uuid()::text, '-', ''), ${event.type}, ${body}
    from webhook_endpoints e
    where e.org_id = ${event.orgId}::uuid and e.enabled and ${event.type} = any(e.event_types)
    on conflict (endpoint_id, domain_event_id) do nothing
    returning id, 'scheduled'::text as trig`;
  const res = await firstAttemptsSql(insert).execute(db);
  return Number(res.rows[0]?.n ?? 0);
}
