import { activityLogSubscriber } from "./activity-log";
import type { Subscriber } from "./types";

/** Everything that hears domain events. Connectors and webhook endpoints join here. */
export const defaultSubscribers: Subscriber[] = [activityLogSubscriber];
