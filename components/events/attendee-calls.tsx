// Next to an attendee's SMS: the phone calls placed to them (an urgent change read
// out), with how each ended.
import type { AttendeeCall } from "@/lib/voice/store";

export function AttendeeCalls({ calls, timeZone, format }: { calls: AttendeeCall[]; timeZone: string; format: (d: Date, tz: string) => string }) {
  if (calls.length === 0) return null;
  return (
    <div className="mt-1 text-xs text-slate-600" data-testid="attendee-calls">
      <details>
        <summary className="cursor-pointer">{calls.length === 1 ? "1 call" : `${calls.length} calls`}</summary>
        <ul className="mt-1 space-y-1">
          {calls.map((c, i) => (
            <li key={i}>
              <span className="font-medium">Called</span> {format(c.at, timeZone)}: {c.message}{" "}
              <span className="text-slate-500">({c.status}{c.durationSeconds ? `, ${c.durationSeconds}s` : ""})</span>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
