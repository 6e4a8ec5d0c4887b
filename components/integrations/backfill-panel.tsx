// A connector's catch-up with past orders: start it, and watch its progress bar.
import type { BackfillView } from "@/lib/backfills/run";
import type { FormState } from "@/lib/http/errors";
import { ActionButton } from "@/components/ui/action-button";
import { RefreshWhile } from "./refresh-while";

export function BackfillPanel({ label, backfill, start }: { label: string; backfill: BackfillView | null; start: (prev: FormState) => Promise<FormState> }) {
  const running = backfill?.status === "running";
  const percent = backfill && backfill.total > 0 ? Math.min(100, Math.round((backfill.done / backfill.total) * 100)) : backfill?.status === "done" ? 100 : 0;
  return (
    <section aria-labelledby="backfill" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="backfill" className="text-lg font-semibold">Past orders</h2>
      <p className="mt-1 text-sm text-slate-600">{label}. Orders booked before are found again, never booked twice.</p>
      {backfill ? (
        <div className="mt-4 space-y-2">
          <div className="h-3 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-label="Backfill progress" aria-valuemin={0} aria-valuemax={backfill.total} aria-valuenow={backfill.done}>
            <div className={`h-3 ${backfill.status === "failed" ? "bg-red-500" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
          </div>
          <p className="text-sm text-slate-700" data-testid="backfill-status">
            {backfill.done} of {backfill.total} orders · {running ? "running" : backfill.status === "done" ? `done ${backfill.finishedAt?.toISOString().slice(0, 16).replace("T", " ") ?? ""} UTC` : "stopped"}
            {backfill.failed ? ` · ${backfill.failed} refused (see the notes on those orders)` : ""}
          </p>
          {backfill.lastError ? <p className="text-xs text-red-700">Last refusal: {backfill.lastError}</p> : null}
        </div>
      ) : null}
      <div className="mt-4">{running ? <RefreshWhile everyMs={1500} /> : <ActionButton action={start} label={backfill ? "Run again" : "Book past orders"} variant="secondary" />}</div>
    </section>
  );
}
