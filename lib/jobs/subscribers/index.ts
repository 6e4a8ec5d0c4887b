import { connectionSubscribers } from "@/lib/integrations/connection-subscribers";
import { outboundWebhooksSource } from "@/lib/webhooks/outbound/subscriber";
import { socialPostSubscribers } from "@/lib/social-posting/subscriber";
import { activityLogSubscriber } from "./activity-log";
import { staticSource, type SubscriberSource } from "@/lib/domain/outbox/subscribers";

/** Everything that hears domain events: the activity log, outbound webhook endpoints, every enabled integration connection and the social networks posting about events. */
export const defaultSources: SubscriberSource[] = [staticSource([activityLogSubscriber]), outboundWebhooksSource, connectionSubscribers, socialPostSubscribers];
