"use client";
// Warns, while an admin picks an event's time, when the connected calendars are
// busy then. Asked half a second after the last change; an older answer never
// replaces a newer question. It only informs: saving never waits for it.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";

export interface FreeBusyTime {
  startsAt: string;
  endsAt: string;
  timeZone: string;
}

interface Busy {
  start: string;
  end: string;
  calendar: string;
}

interface ConnectionCheck {
  connectionId: string;
  name: string;
  status: "checked" | "could_not_check";
  reason?: string;
  conflicts: Busy[];
  unchecked: Array<{ calendar: string; reason: string }>;
}

interface Report {
  connections: ConnectionCheck[];
  problem?: string;
}

type View = { kind: "idle" } | { kind: "checking" } | { kind: "answer"; report: Report; timeZone: string } | { kind: "error"; message: string };

const DEBOUNCE_MS = 500;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function zoneOrUtc(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** "14:00–15:00", with the dates when the interval is not within one day. */
function formatInterval(b: Busy, timeZone: string): string {
  const tz = zoneOrUtc(timeZone);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: tz, weekday: "short", day: "numeric", month: "short" });
  const start = new Date(b.start);
  const end = new Date(b.end);
  if (day.format(start) === day.format(end)) return `${day.format(start)}, ${time.format(start)}–${time.format(end)}`;
  return `${day.format(start)}, ${time.format(start)} – ${day.format(end)}, ${time.format(end)}`;
}

export function useFreeBusy(eventId?: string) {
  const [view, setView] = useState<View>({ kind: "idle" });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<AbortController | undefined>(undefined);

  const ask = useCallback(
    async (time: FreeBusyTime) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setView({ kind: "checking" });
      try {
        const res = await fetch("/events/free-busy", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ...time, ...(eventId ? { eventId } : {}) }),
          signal: controller.signal,
        });
        const body = await res.json().catch(() => ({}));
        if (controller.signal.aborted) return;
        if (!res.ok) {
          setView({ kind: "error", message: `Could not check calendars: ${body.message ?? `the server answered ${res.status}`}` });
          return;
        }
        setView({ kind: "answer", report: body as Report, timeZone: time.timeZone });
      } catch {
        if (!controller.signal.aborted) setView({ kind: "error", message: "Could not check calendars: the server did not answer." });
      }
    },
    [eventId],
  );

  /** Call on every change of the time fields; incomplete or reversed times clear the warning. */
  const changed = useCallback(
    (time: FreeBusyTime) => {
      clearTimeout(timer.current);
      inFlight.current?.abort();
      if (!LOCAL.test(time.startsAt) || !LOCAL.test(time.endsAt) || time.endsAt <= time.startsAt || !time.timeZone) {
        setView({ kind: "idle" });
        return;
      }
      timer.current = setTimeout(() => void ask(time), DEBOUNCE_MS);
    },
    [ask],
  );

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inFlight.current?.abort();
    },
    [],
  );
  return { view, changed };
}

/**
 * The live region is always there, so a screen reader hears its first message; it
 * takes the status role only while it says something, so an idle form does not
 * carry an empty status beside the form's own message.
 */
export function FreeBusyWarning({ view }: { view: View }) {
  const body = freeBusyBody(view);
  return (
    <div role={body ? "status" : undefined} aria-live="polite" aria-label={body ? "Calendar conflicts" : undefined} className="text-sm">
      {body}
    </div>
  );
}

function freeBusyBody(view: View): ReactNode {
  if (view.kind === "idle") return null;
  if (view.kind === "checking") return <p className="text-slate-500">Checking your calendars for conflicts…</p>;
  if (view.kind === "error") return <p className="rounded-md bg-slate-50 px-3 py-2 text-slate-700">{view.message} Saving is not affected.</p>;
  const { report, timeZone } = view;
  if (report.problem) return <p className="rounded-md bg-slate-50 px-3 py-2 text-slate-700">{report.problem}</p>;
  if (report.connections.length === 0) return null;
  const conflicts = report.connections.flatMap((c) => c.conflicts.map((b) => ({ name: c.name, b })));
  const notes = report.connections.flatMap((c) =>
    c.status === "could_not_check"
      ? [`Could not check ${c.name}: ${c.reason ?? "it did not answer"}`]
      : c.unchecked.map((u) => `Could not check ${u.calendar} in ${c.name}: ${u.reason}`),
  );
  return (
    <div className={`rounded-md px-3 py-2 ${conflicts.length ? "border border-amber-300 bg-amber-50 text-amber-900" : "bg-slate-50 text-slate-700"}`}>
      {conflicts.length ? (
        <>
          <p className="font-medium">This time overlaps something in your calendars. You can still save.</p>
          <ul className="mt-1 list-disc pl-5">
            {conflicts.map(({ name, b }, i) => (
              <li key={i}>
                Busy in {name} ({b.calendar}): {formatInterval(b, timeZone)}
              </li>
            ))}
          </ul>
        </>
      ) : notes.length === 0 ? (
        <p>No conflicts in your connected calendars.</p>
      ) : null}
      {notes.length ? (
        <ul className={conflicts.length ? "mt-1" : ""}>
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
