// Outbound webhook deliveries: every attempt by how it ended, and how long after
// the message was created an attempt reached its endpoint.
import { sharedCounter, sharedHistogram } from "./registry";

export type DeliveryAttemptOutcome = "succeeded" | "retrying" | "failed" | "deferred" | "skipped";

const attempts = sharedCounter({
  name: "switchboard_webhook_delivery_attempts_total",
  help: "Outbound webhook delivery attempts, by outcome (succeeded, retrying, failed, deferred by the endpoint's rate limit, skipped: nothing to deliver)",
  labelNames: ["outcome"],
});
const lag = sharedHistogram({
  name: "switchboard_webhook_delivery_lag_seconds",
  help: "Time from a webhook message's creation to an attempt that reached its endpoint, by whether that attempt delivered it",
  labelNames: ["delivered"],
  // Seconds on the happy path, hours to days along the retry schedule.,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600, 6 * 3600, 24 * 3600, 5 * 24 * 3600],
});

export function countDeliveryAttempt(outcome: DeliveryAttemptOutcome): void {
  attempts().inc({ outcome });
}

export function observeDeliveryLag(createdAt: Date, attemptedAt: Date, delivered: boolean): void {
  lag().observe({ delivered: String(delivered) }, Math.max(0, attemptedAt.getTime() - createdAt.getTime()) / 1000);
}
