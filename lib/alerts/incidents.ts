// Opening, keeping and resolving incidents. Every change to one organization's
// incidents happens under its advisory lock, in one transaction with the job that
// tells people about it; the unique index on open incidents backs that up, so
// two workers evaluating at once still open an incident, and notify it, once.
import { sql } from "kysely";
import type { Db, Tx } from "@/lib/db/client";
import type { AlertIncidentsTable } from "@/lib/db/schema";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys, queueNames } from "@/lib/queue/job-keys";
import type { Selectable } from "kysely";
import type { Condition } from "./condition";

export type Incident = Selectable<AlertIncidentsTable>;
export type NoticePhase = "opened" | "resolved";

/** Attempts of a notice job: its e-mail and chat steps are each recorded once done, so a retry does not repeat them. */
const NOTICE_ATTEMPTS = 5;

/** Runs fn in a transaction holding the organization's alerts lock. */
export async function underOrgLock<T>(db: Db, orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`alerts:${orgId}`}, 0))`.execute(tx);
    return fn(tx);
  });
}

async function queueNotice(tx: Tx, incidentId: string, phase: NoticePhase): Promise<void> {
  await enqueue(tx, "send_alert_notice", { incidentId, phase }, {
    jobKey: jobKeys.alertNotice.of(incidentId, phase),
    queueName: queueNames.alertNotice.of(incidentId),
    maxAttempts: NOTICE_ATTEMPTS,
  });
}

/**
 * The condition's incident: opened (and its notice queued) when none is open,
 * otherwise marked as still seen. An open incident of the same subject with
 * another fingerprint (a grant's earlier end date) is resolved first.
 */
export async function openOrTouch(tx: Tx, c: Condition): Promise<"opened" | "seen"> {
  const upsert = () =>
    sql<{ id: string; opened: boolean }>`
      insert into alert_incidents (org_id, kind, subject_id, fingerprint, title, detail)
      values (${c.orgId}, ${c.kind}, ${c.subjectId}, ${c.fingerprint}, ${c.title}, ${c.detail})
      on conflict (org_id, kind, (coalesce(subject_id, '00000000-0000-0000-0000-000000000000'::uuid))) where resolved_at is null
      do update set last_seen_at = now() where alert_incidents.fingerprint is not distinct from excluded.fingerprint
      returning id, (xmax = 0) as opened`.execute(tx);
  let row = (await upsert()).rows[0];
  if (!row) {
    const stale = await tx
      .selectFrom("alert_incidents")
      .select("id")
      .where("org_id", "=", c.orgId)
      .where("kind", "=", c.kind)
      .where("subject_id", c.subjectId === null ? "is" : "=", c.subjectId)
      .where("resolved_at", "is", null)
      .executeTakeFirstOrThrow();
    await resolve(tx, stale.id);
    row = (await upsert()).rows[0]!;
  }
  if (!row.opened) return "seen";
  await queueNotice(tx, row.id, "opened");
  return "opened";
}

/** Resolves an open incident and queues its "resolved" note; false when it was already resolved. */
export async function resolve(tx: Tx, incidentId: string): Promise<boolean> {
  const row = await tx
    .updateTable("alert_incidents")
    .set({ resolved_at: sql<Date>`now()` })
    .where("id", "=", incidentId)
    .where("resolved_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!row) return false;
  await queueNotice(tx, row.id, "resolved");
  return true;
}

export async function openIncidents(tx: Tx, orgId: string): Promise<Incident[]> {
  return tx.selectFrom("alert_incidents").selectAll().where("org_id", "=", orgId).where("resolved_at", "is", null).execute();
}
