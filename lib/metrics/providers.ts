// Provider calls as the call policy sees them: one count per attempt, like the
// call log, by provider, operation (names fixed in each connector's code) and
// outcome. No connection or organization ids: those stay in the call log.
import { LATENCY_BUCKETS, sharedCounter, sharedHistogram } from "./registry";

export type ProviderAttemptOutcome = "success" | "failure" | "rejected";

const attempts = sharedCounter({
  name: "switchboard_provider_calls_total",
  help: "Provider call attempts, by provider, operation and outcome (success, failure, rejected: refused on our side by the breaker or the rate limit)",
  labelNames: ["provider", "operation", "outcome"],
});
const latency = sharedHistogram({
  name: "switchboard_provider_call_duration_seconds",
  help: "Time a provider took to answer one attempt, by provider and operation",
  labelNames: ["provider", "operation"],
  buckets: LATENCY_BUCKETS,
});

export function countProviderAttempt(a: { provider: string; operation: string; outcome: ProviderAttemptOutcome; latencyMs: number }): void {
  attempts().inc({ provider: a.provider, operation: a.operation, outcome: a.outcome });
  // A refused attempt never reached the provider: it has no latency to speak of.
  if (a.outcome !== "rejected") latency().observe({ provider: a.provider, operation: a.operation }, a.latencyMs / 1000);
}
