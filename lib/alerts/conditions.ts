// What is wrong with one organization's integrations right now, read from our
// own records (never from a provider): connections flagged for a person,
// breakers not closed for longer than the threshold, grants the upkeep could not
// renew, endpoints the failing-deliveries rule disabled, deliveries piling up.
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

  // Marked in the transaction that disabled it (lib/webhooks/outbound), which also raises the incident
  // with its own words; reading the mark here opens it should that raise have been lost.
  const disabled = await db
    .selectFrom("webhook_endpoints")
    .select(["id", "url", "disabled_reason"])
    .where("org_id", "=", orgId)
    .where("enabled", "=", false)
    .where("disabled_for_failures_at", "is not", null)
    .execute();
  for (const e of disabled) active.push(endpointDisabledCondition({ orgId, endpointId: e.id, url: e.url, because: lowerFirst(e.disabled_reason ?? "every delivery to it failed") }));

  // Deliveries held up by a connection with an incident of its own (or one due once its breaker has
  // been open long enough) are that incident's consequence: one cause is reported once.
  // A connection's own deliveries and its social network posts (lib/social-posting) alike.
  const heldBy = [...flagged.map((c) => c.id), ...tripped.map((b) => b.id)].flatMap((id) => [`connection:${id}`, `social-post:${id}`]);
  const backlog = await sql<{ waiting: number; oldest: Date | null }>`
    select count(*)::int as waiting, min(created_at) as oldest from (
      select created_at from subscriber_deliveries
        where org_id = ${orgId} and status in ('pending', 'retrying') and subscriber <> all(${heldBy}::text[])
      union all
      select created_at from webhook_messages where org_id = ${orgId} and status in ('pending', 'retrying')
    ) waiting`.execute(db);
  const { waiting, oldest } = backlog.rows[0]!;
  if (oldest && backlogTrips(waiting, now.getTime() - oldest.getTime(), limits, await backlogIsOpen(db, orgId))) {
    active.push(backlogCondition({ orgId, waiting, oldest }));
  }

  return { active, nextCheckAt };
}

/**
 * Hysteresis: a backlog opens at either threshold and, once open, stays open until
 * it is below half of both, so a count hovering at the threshold is one incident,
 * not one opened and resolved (and told) every minute.
 */
function backlogTrips(waiting: number, oldestAgeMs: number, limits: AlertThresholds, open: boolean): boolean {
  const factor = open ? 0.5 : 1;
  return waiting >= limits.backlogCount * factor || oldestAgeMs >= limits.backlogAgeMs * factor;
}

async function backlogIsOpen(db: DbOrTx, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom("alert_incidents")
    .select("id")
    .where("org_id", "=", orgId)
    .where("kind", "=", "deliveries.backlog")
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Organizations with something for the sweep to look at: an open incident, or a
 * state that is (or may become) one. A backlog counts only once it could trip
 * (an open backlog is an open incident, so its hysteresis is seen too): most
 * organizations have a few deliveries in flight at any minute.
 */
export async function orgsToEvaluate(db: DbOrTx, limits: AlertThresholds): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`
    select org_id from alert_incidents where resolved_at is null
    union select org_id from connections where status = 'needs_attention' or grant_lapse_noticed_for = refresh_token_expires_at
    union select org_id from circuit_breakers where state <> 'closed'
    union select org_id from webhook_endpoints where disabled_for_failures_at is not null and not enabled
    union select org_id from (
      select org_id, created_at from subscriber_deliveries where status in ('pending', 'retrying')
      union all
      select org_id, created_at from webhook_messages where status in ('pending', 'retrying')
    ) waiting
      group by org_id
      having count(*) >= ${limits.backlogCount} or min(created_at) <= now() - ${`${limits.backlogAgeMs / 1000} seconds`}::interval`.execute(db);
  return rows.rows.map((r) => r.org_id);
}
