// One run of a broadcast's batch job: claim the next channel.batchSize
// recipients, hand them to the channel's sendBatch (through the connector's
// context, so the call policy rate-limits, retries and logs each request),
// record one outcome per recipient, and queue the next batch while recipients
// remain. A send that throws puts the batch back to pending and rethrows, so
// the queue tries again with its backoff; a refusal that no retry can fix (bad
// credentials, a request the provider rejects), or the last attempt, records
// the batch as failed with the reason instead, so a broadcast always finishes.
import type { Db } from "@/lib/db/client";
import { isPermanentFailure } from "@/lib/domain/outbox/subscribers";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { claimBatch, finishIfDone, loadBroadcast, recordOutcomes, releaseBatch, summaryOf, type Outcome } from "@/lib/broadcasts/records";
import type { BroadcastMessage, RecipientOutcome } from "@/lib/integrations/contract/broadcast";
import { log } from "@/lib/log";
import { channelForSending } from "./channels";
import { enqueueBatch } from "./queue";

/**
 * A recipient left 'sending' this long belonged to a run that died (a worker
 * killed mid-batch): every provider call has a timeout and bounded retries, so a
 * live run records its batch well within it.
 */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;

/** The lease, from BROADCAST_CLAIM_LEASE_MS when set (tests shorten it). */
export function claimLeaseMs(): number {
  const raw = process.env.BROADCAST_CLAIM_LEASE_MS;
  if (raw === undefined || raw === "") return CLAIM_LEASE_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1000) throw new Error("BROADCAST_CLAIM_LEASE_MS must be a whole number of milliseconds, at least 1000");
  return ms;
}

export interface RunOptions {
  /** This run's attempt (1-based) and the job's maximum, from the queue. */
  attempt: number;
  maxAttempts: number;
  leaseMs?: number;
}

export type RunResult = "sent_batch" | "done" | "nothing_to_do" | "retrying";

export async function runBroadcastBatch(db: Db, broadcastId: string, opts: RunOptions): Promise<RunResult> {
  const broadcast = await loadBroadcast(db, broadcastId);
  if (!broadcast || broadcast.status === "done") return "nothing_to_do";
  const found = await channelForSending(db, broadcast.org_id, broadcast.connection_id, broadcast.channel);
  const label = found ? `${found.channel.label} via ${found.connector.name}` : `Broadcast (${broadcast.channel})`;
  const leaseMs = opts.leaseMs ?? claimLeaseMs();
  const batch = await claimBatch(db, broadcastId, found?.channel.batchSize ?? 500, leaseMs);
  if (batch.length > 0) {
    if (!found) {
      // The connection was disconnected, disabled or lost its credentials mid-broadcast: nobody else can be reached through it.
      await recordOutcomes(db, batch.map((r) => ({ recipientId: r.id, status: "failed", reason: "not sent: the connection was disabled, disconnected or needs attention (its credentials were refused) before this message went out" })));
    } else {
      const event = await db.selectFrom("events").selectAll().where("id", "=", broadcast.event_id).executeTakeFirstOrThrow();
      const snap = eventSnapshot(event);
      const message: BroadcastMessage = {
        broadcastId,
        subject: broadcast.subject,
        text: broadcast.text,
        language: event.language,
        event: { id: event.id, title: event.title, startsAt: snap.startsAt, timeZone: event.time_zone, url: snap.url },
      };
      let outcomes: RecipientOutcome[];
      try {
        outcomes = await found.channel.sendBatch(found.ctx, message, batch.map(({ id, attendeeId, name, address }) => ({ id, attendeeId, name, address })));
      } catch (err) {
        const reason = String((err as Error)?.message ?? err).slice(0, 400);
        if (!isPermanentFailure(err) && opts.attempt < opts.maxAttempts) {
          await releaseBatch(db, batch.map((r) => r.id));
          throw err;
        }
        log.warn({ broadcastId, err: reason }, "a broadcast batch failed for good");
        outcomes = batch.map((r) => ({ recipientId: r.id, status: "failed", reason }));
      }
      await recordOutcomes(db, completeOutcomes(batch.map((r) => r.id), outcomes));
    }
  }
  const finished = await finishIfDone(db, broadcastId, label);
  if (finished) {
    log.info({ broadcastId, summary: summaryOf(finished) }, "broadcast finished");
    return "done";
  }
  // Rows still 'sending' with nothing claimable belong to a run that died; look again when their lease may be over.
  await enqueueBatch(db, broadcastId, batch.length === 0 ? new Date(Date.now() + Math.min(leaseMs, 30_000)) : undefined);
  return batch.length > 0 ? "sent_batch" : "retrying";
}

/** One outcome per claimed recipient: one the channel left out is failed, never left 'sending'. */
function completeOutcomes(claimed: string[], outcomes: RecipientOutcome[]): Outcome[] {
  const wanted = new Set(claimed);
  const byId = new Map(outcomes.filter((o) => wanted.has(o.recipientId)).map((o) => [o.recipientId, o as Outcome]));
  return claimed.map((id) => byId.get(id) ?? { recipientId: id, status: "failed", reason: "the channel reported nothing for this recipient" });
}
