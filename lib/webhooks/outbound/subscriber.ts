// The static subscriber that hears every fact and turns it into one message per
// subscribed endpoint (see fanout.ts). Its own delivery row and job are the
// dispatcher's; the messages' attempts are deliver_webhook_message jobs.
import type { Db } from "@/lib/db/client";
import type { Subscriber, SubscriberSource } from "@/lib/domain/outbox/subscribers";
import { fanOutDomainEvent } from "./fanout";
import { deliverAttempt } from "./deliver";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { sql } from "kysely";

export const OUTBOUND_WEBHOOKS_SUBSCRIBER = "outbound-webhooks";

export const outboundWebhooksSubscriber: Subscriber = {
  id: OUTBOUND_WEBHOOKS_SUBSCRIBER,
  description: "Makes one Standard Webhooks message per enabled endpoint subscribed to the fact's type",
  async handle(event, { db }) {
    const created = await fanOutDomainEvent(db, event);
    // Zero when the organization has no endpoint for this type, or a re-run found its messages made.
    return created > 0 ? "delivered" : "skipped";
  },
};

/**
 * The fan-out hears a fact only when its organization has an enabled endpoint for
 * the type, so organizations without webhooks get no delivery row per fact.
 */
export const outboundWebhooksSource: SubscriberSource = {
  async subscribersFor(event, db) {
    const wanted = await db
      .selectFrom("webhook_endpoints")
      .select("id")
      .where("org_id", "=", event.orgId)
      .where("enabled", "=", true)
      .where(sql<boolean>`${event.type} = any(event_types)`)
      .limit(1)
      .executeTakeFirst();
    return wanted ? [outboundWebhooksSubscriber] : [];
  },
  async resolve(id) {
    return id === OUTBOUND_WEBHOOKS_SUBSCRIBER ? outboundWebhooksSubscriber : undefined;
  },
};

/** The worker task for one attempt; lib/jobs/tasks.ts spreads this into its list. */
export function outboundWebhookTasks(db: Db): Pick<TaskHandlers, "deliver_webhook_message"> {
  return {
    async deliver_webhook_message(payload, helpers) {
      const outcome = await deliverAttempt(db, payload);
      helpers.logger.debug(`webhook attempt: ${outcome}`);
    },
  };
}
