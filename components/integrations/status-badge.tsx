import type { DisplayStatus } from "@/lib/integrations/views";

const look: Record<DisplayStatus, [string, string]> = {
  connected: ["Connected", "bg-emerald-100 text-emerald-800"],
  needs_attention: ["Needs attention", "bg-amber-100 text-amber-800"],
  disabled: ["Disabled", "bg-slate-200 text-slate-700"],
  not_connected: ["Not connected", "bg-slate-100 text-slate-600"],
};

export function StatusBadge({ status }: { status: DisplayStatus }) {
  const [label, cls] = look[status];
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${cls}`}>{label}</span>;
}
