// The traceparent stored with a fact, found from what a job's payload names:
// the fact itself, one of its deliveries to a subscriber, or one of its
// outbound webhook messages. One lookup by primary key per job, made only
// when traces are exported.
import type { Db } from "@/lib/db/client";
import { tracingConfigured } from "./config";

export type FactRef = { domainEventId: string } | { deliveryId: string } | { messageId: string };

export async function factTraceparent(db: Db, ref: FactRef): Promise<string | null> {
  if (!tracingConfigured()) return null;
  let q = db.selectFrom("domain_events as de").select("de.traceparent");
  if ("domainEventId" in ref) q = q.where("de.id", "=", ref.domainEventId);
  else if ("deliveryId" in ref) q = q.innerJoin("subscriber_deliveries as sd", "sd.domain_event_id", "de.id").where("sd.id", "=", ref.deliveryId);
  else q = q.innerJoin("webhook_messages as m", "m.domain_event_id", "de.id").where("m.id", "=", ref.messageId);
  try {
    const row = await q.executeTakeFirst();
    return row?.traceparent ?? null;
  } catch {
    // A job is not failed for want of its trace: it runs in a trace of its own.
    return null;
  }
}
