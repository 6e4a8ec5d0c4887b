// What is wrong with one organization's integrations right now, read from our
// own records (never from a provider): connections flagged for a person,
// breakers not closed for longer than the threshold, grants the upkeep could not
// renew, endpoints disabled with their incident still open, deliveries piling up.
import { sql } from "kysely";
import type { DbOrTx } from "@/lib/db/client";
import { findManifest } from "@/lib/integrations/registry";
import type { AlertThresholds } from "./config";
import type { Condition } from "./condition";
import { backlogCondition, breakerOpenCondition, endpointDisabledCondition, grantLapsingCondition, needsAttentionCondition } from "./kinds";

export interface Observed {
  active: Condition[];
  /** When a problem already seen becomes old enough to be an incident (a breaker open for less than the threshold). */
  nextCheckAt: Date | null;
}

const connectorName = (id: string) => findManifest(id)?.name ?? id;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export async function observeConditions(db: DbOrTx, orgId: string, now: Date, limits: AlertThresholds): Promise<Observed> {
  const active: Condition[] = [];
  let nextCheckAt: Date | null = null;

  const flagged = await db
    .selectFrom("connections")
    .select(["id", "connector_id", "status_reason"])
    .where("org_id", "=", orgId)
    .where("status", "=", "needs_attention")
    .execute();
  for (const c of flagged) active.push(needsAttentionCondition({ orgId, connectionId: c.id, connectorName: connectorName(c.connector_id), reason: c.status_reason }));

  const tripped = await db
    .selectFrom("circuit_breakers as b")
    .innerJoin("connections as c", "c.id", "b.connection_id")
    .select(["c.id", "c.connector_id", "c.last_error", "b.tripped_at"])
    .where("b.org_id", "=", orgId)
    .where("b.state", "<>", "closed")
    .where("b.tripped_at", "is not", null)
    // A connection waiting to be reconnected is told as that, not twice.
    .where("c.status", "=", "connected")
    .execute();
  for (const b of tripped) {
    const dueAt = new Date(b.tripped_at!.getTime() + limits.breakerOpenMs);
    if (dueAt <= now) active.push(breakerOpenCondition({ orgId, connectionId: b.id, connectorName: connectorName(b.connector_id), trippedAt: b.tripped_at!, lastError: b.last_error }));
    else if (!nextCheckAt || dueAt < nextCheckAt) nextCheckAt = dueAt;
  }

  const lapsing = await db
    .selectFrom("connections")
    .select(["id", "connector_id", "refresh_token_expires_at"])
    .where("org_id", "=", orgId)
    .where("status", "=", "connected")
    // Set by the upkeep once it could not move the end (lib/connection-upkeep): it raises the incident itself.
    .whereRef("grant_lapse_noticed_for", "=", "refresh_token_expires_at")
    .execute();
  for (const c of lapsing) active.push(grantLapsingCondition({ orgId, connectionId: c.id, connectorName: connectorName(c.connector_id), endsAt: c.refresh_token_expires_at! }));

  // Raised by the delivery that disabled it (lib/webhooks/outbound); open until enabled again or deleted.
  const disabled = await db
    .selectFrom("webhook_endpoints as e")
    .select(["e.id", "e.url", "e.disabled_reason"])
    .where("e.org_id", "=", orgId)
    .where("e.enabled", "=", false)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("alert_incidents as i")
          .select("i.id")
          .where("i.org_id", "=", orgId)
          .where("i.kind", "=", "webhook.endpoint_disabled")
          .whereRef("i.subject_id", "=", "e.id")
          .where("i.resolved_at", "is", null),
      ),
    )
    .execute();
  for (const e of disabled) active.push(endpointDisabledCondition({ orgId, endpointId: e.id, url: e.url, because: lowerFirst(e.disabled_reason ?? "it was failing") }));

  const backlog = await sql<{ waiting: number; oldest: Date | null }>`
    select count(*)::int as waiting, min(created_at) as oldest from (
      select created_at from subscriber_deliveries where org_id = ${orgId} and status in ('pending', 'retrying')
      union all
      select created_at from webhook_messages where org_id = ${orgId} and status in ('pending', 'retrying')
    ) waiting`.execute(db);
  const { waiting, oldest } = backlog.rows[0]!;
  if (oldest && (waiting >= limits.backlogCount || now.getTime() - oldest.getTime() >= limits.backlogAgeMs)) {
    active.push(backlogCondition({ orgId, waiting, oldest }));
  }

  return { active, nextCheckAt };
}

/** Organizations with something for the sweep to look at: an open incident, or a state that may become one. */
export async function orgsToEvaluate(db: DbOrTx): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`
    select org_id from alert_incidents where resolved_at is null
    union select org_id from connections where status = 'needs_attention' or grant_lapse_noticed_for = refresh_token_expires_at
    union select org_id from circuit_breakers where state <> 'closed'
    union select org_id from subscriber_deliveries where status in ('pending', 'retrying')
    union select org_id from webhook_messages where status in ('pending', 'retrying')`.execute(db);
  return rows.rows.map((r) => r.org_id);
}
