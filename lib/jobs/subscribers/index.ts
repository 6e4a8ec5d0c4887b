import { connectionSubscribers } from "@/lib/integrations/dispatch/source";
import { activityLogSubscriber } from "./activity-log";
import { staticSource, type SubscriberSource } from "./types";

/** Everything that hears domain events: the activity log and every enabled integration connection. */
export const defaultSources: SubscriberSource[] = [staticSource([activityLogSubscriber]), connectionSubscribers];
