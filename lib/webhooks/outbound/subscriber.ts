// The static subscriber that hears every fact and turns it into one message per
// subscribed endpoint (see fanout.ts). Its own delivery row and job are the
// dispatcher's; the messages' attempts are deliver_webhook_message jobs.
import type { Db } from "@/lib/db/client";
import type { StaticSubscriber } from "@/lib/jobs/subscribers/types";
import { fanOutDomainEvent } from "./fanout";
import { deliverAttempt } from "./deliver";
import { DELIVER_WEBHOOK_TASK, deliverWebhookPayload } from "./queue";
import type { TaskList } from "graphile-worker";

export const OUTBOUND_WEBHOOKS_SUBSCRIBER = "outbound-webhooks";

export const outboundWebhooksSubscriber: StaticSubscriber = {
  id: OUTBOUND_WEBHOOKS_SUBSCRIBER,
  description: "Makes one Standard Webhooks message per enabled endpoint subscribed to the fact's type",
  // Which endpoints want it is one indexed query in handle(); the fact itself is always of interest.
  accepts: () => true,
  async handle(event, { db }) {
    const created = await fanOutDomainEvent(db, event);
    // Zero when the organization has no endpoint for this type, or a re-run found its messages made.
    return created > 0 ? "delivered" : "skipped";
  },
};

/** The worker task for one attempt; lib/jobs/tasks.ts spreads this into its list. */
export function outboundWebhookTasks(db: Db): TaskList {
  return {
    async [DELIVER_WEBHOOK_TASK](payload, helpers) {
      const outcome = await deliverAttempt(db, deliverWebhookPayload.parse(payload));
      helpers.logger.debug(`webhook attempt: ${outcome}`);
    },
  };
}
