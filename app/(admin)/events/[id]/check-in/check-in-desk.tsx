"use client";
// The check-in desk: camera and typed codes in, one large unmistakable answer out
// (colour, symbol and words, announced to screen readers), the running count and
// the last scans.
import { useCallback, useRef, useState } from "react";
import { useQrCamera } from "./use-qr-camera";

type Outcome = "checked_in" | "already_checked_in" | "valid" | "refunded" | "cancelled" | "pending" | "wrong_event" | "not_found";

interface Answer {
  outcome: Outcome;
  admit: boolean;
  message: string;
  ticket: { code: string; attendeeName: string; ticketType: string; eventTitle: string; checkedInAt: string | null } | null;
  counts: { checkedIn: number; total: number } | null;
}

interface Shown {
  tone: "go" | "again" | "stop" | "error";
  headline: string;
  answer: Answer | null;
  message: string;
  at: Date;
}

// Drawn rather than typed: a tick or cross character is missing from some devices' fonts.
const PATHS = {
  go: "M6 12.5l4 4 8-9",
  again: "M12 6v7M12 17.5v.5",
  stop: "M7 7l10 10M17 7L7 17",
  error: "M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17.5v.5",
} as const;

const TONES = {
  go: { box: "border-emerald-700 bg-emerald-50 text-emerald-900" },
  again: { box: "border-amber-600 bg-amber-50 text-amber-900" },
  stop: { box: "border-red-700 bg-red-50 text-red-900" },
  error: { box: "border-slate-500 bg-slate-50 text-slate-900" },
} as const;

function ToneIcon({ tone, className }: { tone: keyof typeof PATHS; className: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className={className} fill="none" stroke="currentColor" strokeWidth={3} strokeLinecap="round" strokeLinejoin="round">
      <path d={PATHS[tone]} />
    </svg>
  );
}

function hhmm(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

function shownFor(a: Answer, timeZone: string): Shown {
  const at = new Date();
  switch (a.outcome) {
    case "checked_in":
    case "valid":
      return { tone: "go", headline: a.outcome === "checked_in" ? "Checked in" : "Valid ticket", answer: a, message: a.message, at };
    case "already_checked_in":
      return { tone: "again", headline: `Already checked in at ${a.ticket?.checkedInAt ? hhmm(a.ticket.checkedInAt, timeZone) : "?"}`, answer: a, message: a.message, at };
    case "refunded":
      return { tone: "stop", headline: "Refused: refunded", answer: a, message: a.message, at };
    case "cancelled":
      return { tone: "stop", headline: "Refused: cancelled", answer: a, message: a.message, at };
    case "pending":
      return { tone: "stop", headline: "Refused: not paid", answer: a, message: a.message, at };
    case "wrong_event":
      return { tone: "stop", headline: "Refused: not for this event", answer: a, message: a.message, at };
    default:
      return { tone: "stop", headline: "Refused: unknown code", answer: a, message: a.message, at };
  }
}

export function CheckInDesk({ eventId, timeZone, initialCounts }: { eventId: string; timeZone: string; initialCounts: { checkedIn: number; total: number } }) {
  const [counts, setCounts] = useState(initialCounts);
  const [shown, setShown] = useState<Shown | null>(null);
  const [recent, setRecent] = useState<Shown[]>([]);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const submit = useCallback(
    async (code: string): Promise<boolean> => {
      setBusy(true);
      let next: Shown;
      try {
        const res = await fetch("/api/tickets/validate", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ code, eventId }),
        });
        const body = await res.json().catch(() => null);
        if (res.ok && body?.outcome) {
          const a = body as Answer;
          if (a.counts) setCounts(a.counts);
          next = shownFor(a, timeZone);
        } else {
          const message = body?.fields?.code?.[0] ?? body?.message ?? "The check could not be made. Try again.";
          next = { tone: "error", headline: res.status === 429 ? "Paused: too many unknown codes" : res.status === 401 ? "Signed out" : "Not checked", answer: null, message, at: new Date() };
        }
      } catch {
        next = { tone: "error", headline: "No connection", answer: null, message: "The server could not be reached. Check the network and scan again.", at: new Date() };
      }
      setShown(next);
      setRecent((r) => [next, ...r].slice(0, 8));
      setBusy(false);
      return next.tone !== "error";
    },
    [eventId, timeZone],
  );

  const { videoRef, running, problem, start, stop } = useQrCamera(submit);

  const onType = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!typed.trim() || busy) return;
    if (await submit(typed)) setTyped("");
    inputRef.current?.focus();
  };

  const tone = shown ? TONES[shown.tone] : null;
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-6">
        <p className="text-lg" data-testid="check-in-count">
          <strong className="text-3xl tabular-nums">{counts.checkedIn}</strong> / <span className="tabular-nums">{counts.total}</span> checked in
        </p>

        <div role="status" aria-live="assertive" aria-atomic="true" data-testid="check-in-result" data-outcome={shown?.answer?.outcome ?? shown?.tone ?? ""}
          className={`min-h-40 rounded-xl border-4 p-6 ${tone?.box ?? "border-dashed border-slate-300 bg-white text-slate-600"}`}>
          {shown && tone ? (
            <>
              <p className="flex items-center gap-4 text-4xl font-bold">
                <span aria-hidden="true" className="inline-flex h-14 w-14 shrink-0 items-center justify-center rounded-full border-4 border-current"><ToneIcon tone={shown.tone} className="h-9 w-9" /></span>
                <span data-testid="check-in-headline">{shown.headline}</span>
              </p>
              {shown.answer?.ticket ? (
                <p className="mt-3 text-2xl font-semibold">
                  {shown.answer.ticket.attendeeName} <span className="font-normal">· {shown.answer.ticket.ticketType}</span>
                </p>
              ) : null}
              <p className="mt-2 text-lg">{shown.message}</p>
            </>
          ) : (
            <p className="text-lg">Scan a ticket&apos;s QR code or type its code. The answer appears here.</p>
          )}
        </div>

        <form onSubmit={onType} className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col text-sm font-medium">
            Ticket code
            <input ref={inputRef} value={typed} onChange={(e) => setTyped(e.target.value)} name="code" autoComplete="off" autoCapitalize="characters" spellCheck={false}
              placeholder="1A2B-3C4D-5E6F-7A8B" className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-2 font-mono text-lg uppercase" />
          </label>
          <button type="submit" disabled={busy} className="rounded-md bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60">Check in</button>
        </form>

        <section aria-labelledby="camera-heading" className="space-y-3">
          <h2 id="camera-heading" className="text-lg font-semibold">Camera</h2>
          {running ? (
            <button type="button" onClick={stop} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm hover:bg-slate-50">Stop camera</button>
          ) : (
            <button type="button" onClick={() => void start()} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm hover:bg-slate-50">Start camera</button>
          )}
          {problem ? <p role="alert" className="rounded-md border border-amber-600 bg-amber-50 p-3 text-sm text-amber-900" data-testid="camera-problem">{problem}</p> : null}
          <video ref={videoRef} muted playsInline aria-label="Camera view for scanning QR codes" className={`w-full max-w-md rounded-lg bg-black ${running ? "" : "hidden"}`} />
        </section>
      </div>

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading" className="text-lg font-semibold">Last scans</h2>
        {recent.length === 0 ? <p className="mt-2 text-sm text-slate-600">None yet.</p> : (
          <ol className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="recent-scans">
            {recent.map((s, i) => (
              <li key={`${s.at.getTime()}-${i}`} className="flex gap-2 px-3 py-2">
                <ToneIcon tone={s.tone} className="mt-0.5 h-4 w-4 shrink-0" />
                <span className="flex-1">
                  <span className="font-medium">{s.headline}</span>
                  {s.answer?.ticket ? <span className="block text-slate-600">{s.answer.ticket.attendeeName} · {s.answer.ticket.ticketType}</span> : null}
                </span>
                <time className="tabular-nums text-slate-500" dateTime={s.at.toISOString()}>{hhmm(s.at.toISOString(), timeZone)}</time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
