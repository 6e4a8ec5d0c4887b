import type { HealthLevel, Verdict } from "@/lib/health/verdict";

// A shape per level as well as a colour, so the status reads without colour.
const look: Record<HealthLevel, { icon: string; cls: string }> = {
  ok: { icon: "✓", cls: "text-emerald-800" },
  degraded: { icon: "▲", cls: "text-amber-800" },
  attention: { icon: "✕", cls: "text-red-800" },
  disabled: { icon: "■", cls: "text-slate-600" },
};

export function StatusCell({ verdict }: { verdict: Verdict }) {
  const { icon, cls } = look[verdict.level];
  return (
    <div>
      <span className={`inline-flex items-center gap-1 font-medium ${cls}`}>
        <span aria-hidden="true">{icon}</span>
        {verdict.label}
      </span>
      {verdict.reasons.length ? (
        <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
          {verdict.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
