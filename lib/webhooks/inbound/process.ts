// Acting on a stored callback, as a worker job: the receiving connector's inbound
// capability decides what it means; its outcome (processed, ignored, failed with
// the error) is kept on the row. A failure the call policy calls transient
// (timeouts, 429, 5xx) is retried by the job queue with nothing lost; one it calls
// permanent (the object is gone, the request is invalid, the grant was revoked)
// is final at once.
import type { Db } from "@/lib/db/client";
import { connectorContext } from "@/lib/integrations/connections/context";
import type { Processed } from "@/lib/integrations/contract/inbound";
import { appKeyring } from "@/lib/vault/app-keyring";
import { loadConnector } from "@/lib/integrations/registry";
import { isPermanentFailure } from "@/lib/domain/outbox/subscribers";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";

/**
 * Processes one stored callback. `retryAt` is when the job queue will run it
 * again should this attempt fail transiently (null when it will not); it is
 * kept on the row so the page can say so. Errors are rethrown after recording.
 */
export async function processWebhookEvent(db: Db, id: string, opts: { retryAt?: Date | null } = {}): Promise<Processed | undefined> {
  const row = await db.selectFrom("webhook_events").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable("webhook_events").set((eb) => ({ attempts: eb("attempts", "+", 1) })).where("id", "=", id).execute();
  try {
    const connector = await loadConnector(row.provider);
    const connection = row.connection_id ? await db.selectFrom("connections").selectAll().where("id", "=", row.connection_id).executeTakeFirst() : undefined;
    // A disconnected connection never comes back under the same id: nothing to retry for.
    if (!connection) throw Object.assign(new Error("The connection that received this callback was disconnected; it was not applied"), { permanent: true });
    if (!connector?.inbound) throw Object.assign(new Error(`Callbacks from ${row.provider} are not acted on`), { permanent: true });
    const ctx = await connectorContext(db, appKeyring(), connector, connection);
    const result = await connector.inbound.process(row.payload, ctx);
    await db.updateTable("webhook_events").set({ status: result.status, outcome: result.outcome, error: null, retry_at: null, processed_at: new Date() }).where("id", "=", id).execute();
    return result;
  } catch (err) {
    const retryAt = isPermanentFailure(err) ? null : (opts.retryAt ?? null);
    await db.updateTable("webhook_events").set({ status: "failed", error: String((err as Error).message).slice(0, 2000), retry_at: retryAt }).where("id", "=", id).execute();
    throw err;
  }
}

export async function reprocessWebhookEvent(db: Db, orgId: string, id: string) {
  const row = await db.selectFrom("webhook_events").select("id").where("id", "=", id).where("org_id", "=", orgId).executeTakeFirst();
  if (!row) return false;
  await enqueue(db, "process_webhook_event", { id }, { jobKey: jobKeys.inboundCallback.of(id) });
  return true;
}

/** The organization's callbacks, newest first; `final` marks a failure that will not be retried by itself. */
export async function listWebhookEvents(db: Db, orgId: string, limit = 100) {
  const rows = await db
    .selectFrom("webhook_events")
    .select(["id", "provider", "external_id", "type", "status", "outcome", "error", "attempts", "received_at", "processed_at", "retry_at"])
    .where("org_id", "=", orgId)
    .orderBy("received_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, final: r.status === "failed" && r.retry_at === null }));
}
