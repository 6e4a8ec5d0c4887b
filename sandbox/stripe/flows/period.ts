// Billing periods: a month after the 31st of January is the last day of February,
// as Stripe counts it, in UTC.
import type { StripePrice } from "../billing-state";

export function addInterval(seconds: number, recurring: NonNullable<StripePrice["recurring"]>): number {
  const d = new Date(seconds * 1000);
  const n = recurring.intervalCount;
  if (recurring.interval === "day") return seconds + n * 86400;
  if (recurring.interval === "week") return seconds + n * 7 * 86400;
  const months = recurring.interval === "year" ? 12 * n : n;
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}
