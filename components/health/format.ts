// How the Health page writes its figures: UTC times, percentages and latencies,
// with a dash for "nothing measured" rather than a misleading 0.
export const dash = "—";

/** `seconds` where they matter: a breaker reopens within the minute. */
export function utcTime(d: Date | null, opts: { seconds?: boolean } = {}): string {
  return d ? `${d.toISOString().slice(0, opts.seconds ? 19 : 16).replace("T", " ")} UTC` : dash;
}

export function percent(rate: number, calls: number): string {
  if (calls === 0) return dash;
  return `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;
}

export function ms(value: number | null): string {
  return value === null ? dash : `${Math.round(value)} ms`;
}
