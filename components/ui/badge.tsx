const tones: Record<string, string> = {
  draft: "bg-slate-100 text-slate-700",
  published: "bg-emerald-100 text-emerald-800",
  cancelled: "bg-red-100 text-red-800",
  pending: "bg-amber-100 text-amber-800",
  paid: "bg-emerald-100 text-emerald-800",
  refunded: "bg-slate-200 text-slate-700",
  succeeded: "bg-emerald-100 text-emerald-800",
  retrying: "bg-amber-100 text-amber-800",
  dead: "bg-red-100 text-red-800",
  processed: "bg-emerald-100 text-emerald-800",
  ignored: "bg-slate-100 text-slate-600",
  received: "bg-amber-100 text-amber-800",
  failed: "bg-red-100 text-red-800",
  skipped: "bg-slate-100 text-slate-600",
  sent: "bg-emerald-100 text-emerald-800",
  sending: "bg-amber-100 text-amber-800",
  done: "bg-emerald-100 text-emerald-800",
};

export function Badge({ value }: { value: string }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${tones[value] ?? "bg-slate-100 text-slate-700"}`}>
      {value}
    </span>
  );
}
