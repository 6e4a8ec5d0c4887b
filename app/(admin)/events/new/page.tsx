import { EventForm } from "@/components/events/event-form";
import { instantToLocal } from "@/lib/domain/time";
import { timeZoneList } from "@/lib/domain/time-zones";
import { EVENT_LANGUAGES } from "@/lib/domain/events/input";
import { createEventAction } from "../actions";

export const metadata = { title: "New event" };

export default function NewEventPage() {
  const tz = "UTC";
  const start = new Date(Date.now() + 14 * 24 * 3600 * 1000);
  start.setUTCHours(18, 0, 0, 0);
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-semibold">New event</h1>
      <p className="mt-1 text-sm text-slate-600">Events start as drafts. Add ticket types, then publish to open the public page.</p>
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6">
        <EventForm
          action={createEventAction}
          submitLabel="Create draft"
          timeZones={timeZoneList()}
          languages={EVENT_LANGUAGES}
          initial={{
            language: "en-US",
            title: "",
            description: "",
            venue: "",
            startsAt: instantToLocal(start, tz),
            endsAt: instantToLocal(new Date(start.getTime() + 2 * 3600 * 1000), tz),
            timeZone: tz,
            capacity: "100",
          }}
        />
      </div>
    </div>
  );
}
