// An online event's meeting links on its admin page: each provider's link, or
// that it is missing and why, or that none was created yet.
import type { EventMeeting } from "@/lib/meetings/store";
import { findManifest } from "@/lib/integrations/registry";

export function MeetingLinks({ meetings }: { meetings: EventMeeting[] }) {
  return (
    <section aria-labelledby="meeting-heading" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 id="meeting-heading" className="font-semibold">Meeting link</h2>
      {meetings.length === 0 ? (
        <p className="mt-1 text-slate-600">No meeting yet: a connected meeting provider creates one when the event is published.</p>
      ) : (
        <ul className="mt-1 space-y-1">
          {meetings.map((m) => {
            const provider = findManifest(m.connectorId)?.name ?? m.connectorId;
            return m.status === "active" ? (
              <li key={m.connectionId}>
                {provider}: <a className="text-blue-700 underline" href={m.joinUrl}>{m.joinUrl}</a>
              </li>
            ) : (
              <li key={m.connectionId} role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
                {provider}: the meeting link is missing. {m.missingReason}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
