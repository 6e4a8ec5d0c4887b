import { connectionSubscribers } from "@/lib/integrations/connection-subscribers";
import { outboundWebhooksSource } from "@/lib/webhooks/outbound/subscriber";
import { activityLogSubscriber } from "./activity-log";
import { staticSource, type SubscriberSource } from "@/lib/domain/outbox/subscribers";

/** Everything that hears domain events: the activity log, outbound webhook endpoints and every enabled integration connection. */
export const defaultSources: SubscriberSource[] = [staticSource([activityLogSubscriber]), outboundWebhooksSource, connectionSubscribers];
