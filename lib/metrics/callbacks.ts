// Provider callbacks received on /api/webhooks/[provider], by provider and what
// became of them. The provider label is "unknown" for a name no connector has,
// so a caller cannot make new series by inventing provider names.
import { sharedCounter } from "./registry";

export type CallbackResult = "stored" | "duplicate" | "handshake" | "refused" | "unknown_provider" | "too_large" | "rate_limited";

const received = sharedCounter({
  name: "switchboard_callbacks_received_total",
  help: "Provider callbacks received, by provider and result (stored, duplicate, handshake, refused, unknown_provider, too_large, rate_limited)",
  labelNames: ["provider", "result"],
});

export function countCallback(provider: string | null, result: CallbackResult): void {
  received().inc({ provider: provider ?? "unknown", result });
}
