// The call log (one integration_calls row per attempt) and the connection's own
// health columns. Writing them is best effort: a provider call that succeeded must
// not be reported as failed because its log row could not be written.
import type { Db } from "@/lib/db/client";
import type { CallOutcome } from "@/lib/db/schema";
import { log } from "@/lib/log";
import type { ConnectionInfo, ProviderFailure } from "../contract";
import { askForAlertEvaluation } from "./attention";

export interface AttemptRecord {
  operation: string;
  outcome: CallOutcome;
  attempt: number;
  latencyMs: number;
  /** Already redacted. */
  failure?: ProviderFailure;
}

export interface CallJournal {
  attempt(record: AttemptRecord): Promise<void>;
  succeeded(): Promise<void>;
  /** The call's final failure, already redacted. */
  failed(failure: ProviderFailure): Promise<void>;
}

export function callJournal(db: Db, connection: ConnectionInfo, now: () => number): CallJournal {
  const bestEffort = async (what: string, write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (err) {
      log.warn({ err, connectionId: connection.id }, `could not write ${what}`);
    }
  };
  return {
    attempt: (r) =>
      bestEffort("the call log", () =>
        db
          .insertInto("integration_calls")
          .values({
            org_id: connection.orgId,
            connection_id: connection.id,
            connector_id: connection.connectorId,
            operation: r.operation,
            outcome: r.outcome,
            http_status: r.failure?.status ?? null,
            latency_ms: Math.max(0, Math.round(r.latencyMs)),
            attempt: r.attempt,
            error: r.failure?.message ?? null,
          })
          .execute(),
      ),
    succeeded: () =>
      bestEffort("the connection's last success", () =>
        db.updateTable("connections").set({ last_success_at: new Date(now()) }).where("id", "=", connection.id).execute(),
      ),
    failed: (failure) =>
      bestEffort("the connection's last error", async () => {
        const at = new Date(now());
        await db.updateTable("connections").set({ last_error: failure.message, last_error_at: at }).where("id", "=", connection.id).execute();
        if (failure.kind !== "auth") return;
        // Only a working connection is flagged; a disabled or disconnected one keeps its status.
        const flagged = await db
          .updateTable("connections")
          .set({ status: "needs_attention", status_reason: failure.message, updated_at: at })
          .where("id", "=", connection.id)
          .where("status", "=", "connected")
          .executeTakeFirst();
        if (Number(flagged.numUpdatedRows) > 0) await askForAlertEvaluation(db, connection.orgId);
      }),
  };
}
