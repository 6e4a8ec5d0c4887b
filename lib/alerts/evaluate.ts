// One organization's evaluation: every problem seen now has its open incident
// (opened, and told, the first time), every open incident whose problem is gone
// is resolved (and the resolution told). Run by the job evaluate_alerts when a
// connection's health changes, and by the sweep every minute.
import { sql } from "kysely";
import type { Db, Tx } from "@/lib/db/client";
import { log } from "@/lib/log";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import { alertThresholds, type AlertThresholds } from "./config";
import { incidentKey, type Condition } from "./condition";
import { observeConditions, orgsToEvaluate } from "./conditions";
import { openIncidents, openOrTouch, resolve, underOrgLock } from "./incidents";

export interface Evaluation {
  opened: number;
  resolved: number;
  /** When the evaluation asked to run again (a problem becoming old enough to tell). */
  nextCheckAt: Date | null;
}

export async function evaluateAlerts(db: Db, orgId: string, limits: AlertThresholds = alertThresholds()): Promise<Evaluation> {
  return underOrgLock(db, orgId, async (tx) => {
    const { rows } = await sql<{ now: Date }>`select now() as now`.execute(tx);
    const { active, nextCheckAt } = await observeConditions(tx, orgId, rows[0]!.now, limits);
    let opened = 0;
    let resolved = 0;
    for (const c of active) if ((await openOrTouch(tx, c)) === "opened") opened++;
    const seen = new Set(active.map(incidentKey));
    for (const incident of await openIncidents(tx, orgId)) {
      if (!seen.has(incidentKey(incident)) && (await resolve(tx, incident.id))) resolved++;
    }
    if (nextCheckAt) await enqueue(tx, "evaluate_alerts", { orgId }, { jobKey: jobKeys.alertFollowUp.of(orgId), runAt: nextCheckAt, maxAttempts: 3 });
    return { opened, resolved, nextCheckAt };
  });
}

/**
 * Opens the incident of a problem a flow has just caused and knows best how to
 * describe (an endpoint it disabled, a grant it could not renew); the evaluations
 * keep it open while the problem lasts and resolve it when it clears.
 */
export async function raiseAlert(db: Db, condition: Condition): Promise<"opened" | "seen"> {
  return underOrgLock(db, condition.orgId, (tx) => openOrTouch(tx, condition));
}

/**
 * raiseAlert for a flow that records, with the incident, the fact the evaluation
 * reads to keep it open (a grant's lapse noticed): `claim` runs in the same
 * transaction, under the organization's lock, and the incident is opened only if
 * it returns true, so neither commits without the other.
 */
export async function raiseAlertWith(db: Db, condition: Condition, claim: (tx: Tx) => Promise<boolean>): Promise<"opened" | "seen" | "unclaimed"> {
  return underOrgLock(db, condition.orgId, async (tx) => ((await claim(tx)) ? openOrTouch(tx, condition) : "unclaimed"));
}

/**
 * Every organization is evaluated even when one fails, and the sweep itself never
 * fails: a failure is logged, and the next minute's sweep is its retry (a retried
 * sweep would evaluate every organization again, 25 times by graphile's default).
 */
export async function sweepAlerts(db: Db): Promise<{ organizations: number; opened: number; resolved: number; failed: number }> {
  const limits = alertThresholds();
  const orgs = await orgsToEvaluate(db, limits);
  let opened = 0;
  let resolved = 0;
  let failed = 0;
  for (const orgId of orgs) {
    try {
      const r = await evaluateAlerts(db, orgId, limits);
      opened += r.opened;
      resolved += r.resolved;
    } catch (err) {
      failed++;
      log.error({ err, orgId }, "could not evaluate an organization's alerts");
    }
  }
  return { organizations: orgs.length, opened, resolved, failed };
}
