"use client";
// A broadcast's progress, re-read every second from its progress route until it
// is done: the bar (role=progressbar with its value for screen readers), the
// counts, the providers' delivery statuses, the summary, and each recipient.
// Providers report deliveries after sending ends, so a finished broadcast is
// re-read every few seconds for a while longer.
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import type { BroadcastStatus } from "@/lib/broadcasting/view";

const SENDING_POLL_MS = 1000;
const DELIVERY_POLL_MS = 5000;
/** How long after the end delivery reports are still looked for on an open page. */
const DELIVERY_WATCH_MS = 10 * 60_000;

export function BroadcastProgress({ initial, url }: { initial: BroadcastStatus; url: string }) {
  const [s, setS] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const finishedAt = s.finishedAt ? Date.parse(s.finishedAt) : null;
  const every = finishedAt === null ? SENDING_POLL_MS : DELIVERY_POLL_MS;

  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      if (finishedAt !== null && Date.now() - finishedAt > DELIVERY_WATCH_MS) {
        clearInterval(timer);
        return;
      }
      try {
        const res = await fetch(url, { cache: "no-store" });
        if (!res.ok) throw new Error(`the server answered ${res.status}`);
        const next = (await res.json()) as BroadcastStatus;
        if (!stopped) {
          setS(next);
          setError(null);
        }
      } catch (err) {
        if (!stopped) setError(`Could not refresh the progress (${(err as Error).message}); still trying.`);
      }
    }, every);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [every, finishedAt, url]);

  const p = s.progress;
  const deliveries = Object.entries(s.deliveries);
  return (
    <div className="space-y-6">
      <section aria-labelledby="progress-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="progress-heading" className="text-lg font-semibold">Progress</h2>
        <div
          role="progressbar"
          aria-label="Messages handled"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={s.percent}
          aria-valuetext={`${s.percent}% (${p.sent + p.skipped + p.failed} of ${p.total})`}
          className="mt-3 h-3 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full rounded-full bg-brand-600 transition-all" style={{ width: `${s.percent}%` }} />
        </div>
        <p className="mt-2 text-sm text-slate-700" aria-live="polite">
          {s.percent}% · {p.sent + p.skipped + p.failed} of {p.total} handled
        </p>
        <dl className="mt-4 grid grid-cols-2 gap-4 text-sm sm:grid-cols-4" data-testid="broadcast-counts">
          <Count label="Sent" value={p.sent} />
          <Count label="Skipped" value={p.skipped} />
          <Count label="Failed" value={p.failed} />
          <Count label="Waiting" value={p.pending + p.sending} />
        </dl>
        {deliveries.length ? (
          <p className="mt-4 text-sm text-slate-700" data-testid="broadcast-deliveries">
            Reported by the provider: {deliveries.map(([k, n]) => `${n} ${k}`).join(", ")}
          </p>
        ) : null}
        {s.status === "done" ? (
          <p role="status" className="mt-4 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800" data-testid="broadcast-summary">
            Done: {p.sent} sent, {p.skipped} skipped, {p.failed} failed, of {p.total} recipient{p.total === 1 ? "" : "s"}.
            {p.skipped ? " Skipped recipients opted out or are suppressed; see the reasons below." : ""}
          </p>
        ) : null}
        {error ? <p role="alert" className="mt-3 text-sm text-red-700">{error}</p> : null}
      </section>

      <section aria-labelledby="recipients-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="recipients-heading" className="text-lg font-semibold">Recipients</h2>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-slate-600">
              <tr><th className="py-1 pr-4">Name</th><th className="pr-4">Address</th><th className="pr-4">Status</th><th className="pr-4">Reason</th><th>Delivery</th></tr>
            </thead>
            <tbody>
              {s.recipients.map((r) => (
                <tr key={r.id} className="border-t border-slate-100" data-testid="recipient-row">
                  <td className="py-2 pr-4">{r.name}</td>
                  <td className="pr-4">{r.address}</td>
                  <td className="pr-4"><Badge value={r.status} /></td>
                  <td className="pr-4 text-slate-600">{r.reason ?? "—"}</td>
                  <td className="text-slate-600">{r.delivery ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.recipients.length < p.total ? <p className="mt-2 text-xs text-slate-500">Showing the first {s.recipients.length} of {p.total}.</p> : null}
        </div>
      </section>
    </div>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-xl font-semibold">{value}</dd>
    </div>
  );
}
