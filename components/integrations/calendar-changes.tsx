// Two-way calendar sync on a connector page: the channel's state, and every change
// read from the calendar with its outcome; a deleted entry waiting for a person
// offers its two answers.
import { ActionButton } from "@/components/ui/action-button";
import type { CalendarSyncView } from "@/lib/calendar-sync/view";
import type { FormState } from "@/lib/http/errors";

type Action = (prev: FormState) => Promise<FormState>;

const outcomeText: Record<string, string> = {
  applied: "Applied to the event",
  reverted: "Put back",
  refused: "Refused, put back",
  awaiting_confirmation: "Waiting for you",
  confirmed: "Event cancelled",
  dismissed: "Entry put back",
};

const fieldText: Record<string, string> = { title: "Title", startsAt: "Start", endsAt: "End", location: "Location", removed: "Deleted" };
const ORDER = Object.keys(fieldText);

/** Title, start, end, location, as the event form reads (the database keeps them in its own key order). */
function inReadingOrder<V>(fields: Record<string, V>): Array<[string, V]> {
  const rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  return Object.entries(fields).sort(([a], [b]) => rank(a) - rank(b));
}

const utc = (d: Date | string) => `${new Date(d).toISOString().slice(0, 16).replace("T", " ")} UTC`;

function show(field: string, v: unknown): string {
  if (field === "removed") return v ? "yes" : "no";
  if ((field === "startsAt" || field === "endsAt") && typeof v === "string") return utc(v);
  return v === "" || v === undefined || v === null ? "(empty)" : String(v);
}

export function CalendarChanges({ view, readNow, confirm, putBack }: { view: CalendarSyncView; readNow: Action; confirm: (changeId: string) => Action; putBack: (changeId: string) => Action }) {
  const { channel, changes } = view;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4 text-sm" data-testid="calendar-channel">
        {channel?.active ? (
          <span className="text-slate-700">
            Listening for changes until {utc(channel.expiresAt)} (renewed before then) · last read {channel.lastSyncedAt ? utc(channel.lastSyncedAt) : "not yet"}
          </span>
        ) : (
          <span className="text-slate-700">Not listening for changes{channel ? ` (stopped; last read ${channel.lastSyncedAt ? utc(channel.lastSyncedAt) : "never"})` : ""}.</span>
        )}
        {channel?.active ? <ActionButton action={readNow} label="Read the calendar now" variant="secondary" /> : null}
      </div>
      {changes.length ? (
        <table className="w-full text-sm" aria-label="Changes from the calendar">
          <thead className="text-left text-slate-600">
            <tr><th className="py-1 pr-3">Time (UTC)</th><th className="pr-3">Event</th><th className="pr-3">What changed</th><th className="pr-3">Outcome</th><th>Why</th></tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.id} className="border-t border-slate-100 align-top" data-testid="calendar-change">
                <td className="py-1 pr-3 whitespace-nowrap">{utc(c.created_at).replace(" UTC", "")}</td>
                <td className="pr-3">{c.event_id ? <a className="text-brand-700 underline" href={`/events/${c.event_id}`}>{c.event_title ?? "Event"}</a> : "A deleted event"}</td>
                <td className="pr-3">
                  <ul>
                    {inReadingOrder(c.fields).map(([field, v]) => (
                      <li key={field}>{fieldText[field] ?? field}: {field === "removed" ? "the entry was deleted" : `${show(field, v.before)} → ${show(field, v.after)}`}</li>
                    ))}
                  </ul>
                </td>
                <td className={`pr-3 ${c.outcome === "refused" || c.outcome === "awaiting_confirmation" ? "text-amber-700" : "text-slate-800"}`}>
                  {outcomeText[c.outcome] ?? c.outcome}
                  {c.outcome === "awaiting_confirmation" ? (
                    <div className="mt-2 flex flex-col gap-2">
                      <ActionButton action={confirm(c.id)} label="Cancel the event" variant="danger" confirm="Cancel this event? Attendees are told as for any cancellation." />
                      <ActionButton action={putBack(c.id)} label="Put the entry back" variant="secondary" />
                    </div>
                  ) : null}
                </td>
                <td className="text-slate-600">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600">No entry has been changed in the calendar yet.</p>
      )}
    </div>
  );
}
