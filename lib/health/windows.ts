// The two periods the Health page shows: the last 24 hours in hourly buckets and
// the last 7 days in 6-hour buckets. The table's figures cover the same period as
// the charts beside them.
import type { Buckets } from "@/lib/db/outcome-rates";

export type HealthWindow = "24h" | "7d";

interface WindowSpec {
  label: string;
  hours: number;
  stepHours: number;
}

export const windows: Record<HealthWindow, WindowSpec> = {
  "24h": { label: "24 h", hours: 24, stepHours: 1 },
  "7d": { label: "7 days", hours: 7 * 24, stepHours: 6 },
};

/** The window a query parameter asks for; anything else is the default, 24 h. */
export function parseWindow(value: string | undefined): HealthWindow {
  return value === "7d" ? "7d" : "24h";
}

/**
 * Buckets aligned to whole steps since the epoch (so they stay put between page
 * loads), the last one holding `now`.
 */
export function bucketsFor(window: HealthWindow, now: Date): Buckets {
  const spec = windows[window];
  const stepMs = spec.stepHours * 3600_000;
  const count = spec.hours / spec.stepHours;
  const last = Math.floor(now.getTime() / stepMs) * stepMs;
  return { first: new Date(last - (count - 1) * stepMs), stepMs, count };
}
