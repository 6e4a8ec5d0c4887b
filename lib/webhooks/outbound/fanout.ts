// From one domain event to one message per subscribed endpoint: a single
// INSERT … SELECT (a thousand endpoints are still one statement), and each new
// message's first attempt enqueued by that same statement. unique(endpoint_id,
// domain_event_id) makes a second run insert and enqueue nothing. Each endpoint
// gets the body of the payload version it pinned (payload-versions.ts).
import { sql } from "kysely";
import type { DbOrTx } from "@/lib/db/client";
import { domainEventCatalog, earlierVersions, payloadForVersion, type DomainEvent } from "@/lib/domain/outbox/catalog";
import { firstAttemptsSql } from "./queue";
import { messageBody } from "./sign";

export async function fanOutDomainEvent(db: DbOrTx, event: Pick<DomainEvent, "id" | "orgId" | "type" | "occurredAt" | "payload">): Promise<number> {
  const latest = domainEventCatalog[event.type].version;
  const latestBody = messageBody(event.type, event.occurredAt, event.payload);
  const earlier = earlierVersions(event.type);
  const body =
    earlier.length === 0
      ? sql`${latestBody}`
      : sql`case coalesce((e.payload_versions->>${event.type})::int, ${latest}::int) ${sql.join(
          earlier.map((v) => sql`when ${v.version}::int then ${messageBody(event.type, event.occurredAt, payloadForVersion(event.type, v.version, event.payload))}`),
          sql` `,
        )} else ${latestBody} end`;
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
