// Every outbound webhook endpoint of an organization with what the Health page
// shows of it, in a fixed handful of queries: the rows, their delivery attempts
// (grouped), their last delivered message and the messages waiting to retry.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { WebhookEndpointSource } from "@/lib/db/schema";
import { ratesByKey, type OutcomeRates } from "@/lib/db/outcome-rates";
import { deliveryConfig } from "@/lib/webhooks/outbound/config";
import { endpointVerdict, type Verdict } from "./verdict";
import { windows, type HealthWindow } from "./windows";

export interface EndpointHealth {
  kind: "endpoint";
  id: string;
  url: string;
  description: string;
  source: WebhookEndpointSource;
  verdict: Verdict;
  /** When a message to it was last delivered. */
  lastSuccessAt: Date | null;
  /** Delivery attempts: an answer other than 2xx, or none, is a failure. */
  rates: OutcomeRates;
  /** Messages that failed and wait for their next scheduled attempt. */
  messagesWaiting: number;
  /** The endpoint's own limit, deliveries per second; null when unlimited. */
  rateLimitPerSecond: number | null;
  href: string;
}

/** The endpoints' delivery attempts in the shape the shared aggregates read. */
export function attemptRows(endpointIds: readonly string[], sinceHours: number) {
  return sql`
    select endpoint_id::text as key, attempted_at as at,
      case when response_status between 200 and 299 then 'success' else 'failure' end as outcome,
      duration_ms as latency_ms
    from webhook_attempts
    where endpoint_id = any(${endpointIds}::uuid[]) and attempted_at > now() - ${sinceHours} * interval '1 hour'`;
}

export async function endpointsHealth(db: Db, orgId: string, window: HealthWindow): Promise<EndpointHealth[]> {
  const endpoints = await db
    .selectFrom("webhook_endpoints")
    .select(["id", "url", "description", "source", "enabled", "disabled_reason", "failing_since", "rate_limit_per_second"])
    .where("org_id", "=", orgId)
    .orderBy("created_at")
    .execute();
  const ids = endpoints.map((e) => e.id);
  if (ids.length === 0) return [];
  const [rates, delivered, waiting] = await Promise.all([
    ratesByKey(db, attemptRows(ids, windows[window].hours), ids),
    // One index probe per endpoint (webhook_messages_delivered_idx), however long its history.
    sql<{ endpoint_id: string; at: Date }>`
      select e.id as endpoint_id, last.delivered_at as at
      from unnest(${ids}::uuid[]) as e(id)
      cross join lateral (
        select delivered_at from webhook_messages m
        where m.endpoint_id = e.id and m.delivered_at is not null
        order by m.delivered_at desc limit 1
      ) as last`.execute(db),
    db
      .selectFrom("webhook_messages")
      .select(["endpoint_id", (eb) => eb.fn.countAll<string>().as("n")])
      .where("org_id", "=", orgId)
      .where("endpoint_id", "in", ids)
      .where("status", "=", "retrying")
      .groupBy("endpoint_id")
      .execute(),
  ]);
  const lastDelivered = new Map(delivered.rows.map((r) => [r.endpoint_id, r.at]));
  const waitingBy = new Map(waiting.map((r) => [r.endpoint_id, Number(r.n)]));
  const disableAfterMs = deliveryConfig().disableAfterMs;
  return endpoints.map((e) => {
    const facts = {
      enabled: e.enabled,
      disabledReason: e.disabled_reason,
      failingSince: e.failing_since,
      disablesAt: e.failing_since ? new Date(e.failing_since.getTime() + disableAfterMs) : null,
      rates: rates.get(e.id)!,
      messagesWaiting: waitingBy.get(e.id) ?? 0,
    };
    return {
      kind: "endpoint" as const,
      id: e.id,
      url: e.url,
      description: e.description,
      source: e.source,
      verdict: endpointVerdict(facts),
      lastSuccessAt: lastDelivered.get(e.id) ?? null,
      rates: facts.rates,
      messagesWaiting: facts.messagesWaiting,
      rateLimitPerSecond: e.rate_limit_per_second,
      href: `/settings/webhooks/${e.id}`,
    };
  });
}
