// The worker's calendar tasks. Being built: both refuse until the engine lands.
import type { Db } from "@/lib/db/client";
import type { TaskHandlers } from "@/lib/queue/handlers";

export function calendarSyncTasks(_db: Db): Pick<TaskHandlers, "sync_calendar" | "renew_calendar_channel"> {
  return {
    async sync_calendar() {
      throw new Error("Calendar sync is not available yet");
    },
    async renew_calendar_channel() {
      throw new Error("Calendar channel renewal is not available yet");
    },
  };
}
