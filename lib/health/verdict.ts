// One status in words per connection or endpoint, from the figures beside it:
// the worst of its reasons decides the level, and every reason is listed so a
// person reads why, not only a colour.
import { WARN_GRANT_BEFORE_MS } from "@/lib/connection-upkeep/lapsing-grants";
import type { ConnectionStatus } from "@/lib/db/schema";
import type { OutcomeRates } from "@/lib/db/outcome-rates";
import type { BreakerStatus } from "@/lib/integrations/policy";

export type HealthLevel = "ok" | "degraded" | "attention" | "disabled";

export interface Verdict {
  level: HealthLevel;
  /** The level in words: "Healthy", "Degraded", "Needs attention", "Disabled". */
  label: string;
  reasons: string[];
}

export const levelLabels: Record<HealthLevel, string> = {
  ok: "Healthy",
  degraded: "Degraded",
  attention: "Needs attention",
  disabled: "Disabled",
};

/** At or above this share of failed attempts in the window, a connection or endpoint is degraded. */
export const DEGRADED_ERROR_RATE = 0.05;

const rank: Record<HealthLevel, number> = { ok: 0, degraded: 1, attention: 2, disabled: 3 };

class Reasons {
  private level: HealthLevel = "ok";
  readonly list: string[] = [];
  add(level: HealthLevel, reason: string): void {
    if (rank[level] > rank[this.level]) this.level = level;
    this.list.push(reason);
  }
  verdict(): Verdict {
    return { level: this.level, label: levelLabels[this.level], reasons: this.list };
  }
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const percent = (r: number) => `${(r * 100).toFixed(r < 0.1 ? 1 : 0)}%`;

function addRates(r: Reasons, rates: OutcomeRates, waiting: number, what: { calls: string; waiting: [one: string, many: string] }): void {
  if (rates.calls > 0 && rates.errorRate >= DEGRADED_ERROR_RATE) r.add("degraded", `${percent(rates.errorRate)} of ${what.calls} failed`);
  if (waiting > 0) r.add("degraded", `${waiting} ${what.waiting[waiting === 1 ? 0 : 1]} waiting to be retried`);
}

export interface ConnectionFacts {
  status: ConnectionStatus;
  statusReason: string | null;
  breaker: BreakerStatus;
  rates: OutcomeRates;
  deliveriesWaiting: number;
  grantEndsAt: Date | null;
}

export function connectionVerdict(c: ConnectionFacts, now: Date): Verdict {
  const r = new Reasons();
  if (c.status === "disabled") r.add("disabled", "Disabled by an admin: nothing is sent to the provider");
  if (c.status === "needs_attention") r.add("attention", c.statusReason ?? "The provider refused our credentials: reconnect");
  // Since it tripped, as the alert counts: openedAt moves on with each failed half-open test.
  if (c.breaker.state === "open") r.add("attention", `Circuit breaker open since ${c.breaker.trippedAt ? utc(c.breaker.trippedAt) : "recently"}: calls are paused`);
  if (c.breaker.state === "isolated") r.add("attention", "Circuit breaker isolated by an operator: calls are paused");
  if (c.breaker.state === "half_open") r.add("degraded", "Circuit breaker half-open: the next call tests the provider");
  if (c.grantEndsAt && c.grantEndsAt.getTime() - now.getTime() < WARN_GRANT_BEFORE_MS) {
    r.add("attention", c.grantEndsAt <= now ? `Authorization ended on ${utc(c.grantEndsAt)}: reconnect` : `Authorization ends on ${utc(c.grantEndsAt)}: reconnect before then`);
  }
  addRates(r, c.rates, c.deliveriesWaiting, { calls: "calls", waiting: ["delivery", "deliveries"] });
  if (c.rates.rejected > 0) r.add("degraded", `${c.rates.rejected} call${c.rates.rejected === 1 ? "" : "s"} refused on our side (rate limit or open circuit)`);
  return r.verdict();
}

export interface EndpointFacts {
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  /** When the failing streak disables the endpoint unless a delivery succeeds first. */
  disablesAt: Date | null;
  rates: OutcomeRates;
  messagesWaiting: number;
}

export function endpointVerdict(e: EndpointFacts): Verdict {
  const r = new Reasons();
  if (!e.enabled) r.add("disabled", e.disabledReason ?? "Disabled: nothing is delivered");
  else if (e.failingSince) {
    r.add("attention", `Failing since ${utc(e.failingSince)}${e.disablesAt ? `: disabled on ${utc(e.disablesAt)} unless a delivery succeeds` : ""}`);
  }
  addRates(r, e.rates, e.messagesWaiting, { calls: "delivery attempts", waiting: ["message", "messages"] });
  return r.verdict();
}
