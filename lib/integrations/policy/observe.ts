// What operators see of provider calls: a metric per attempt (lib/metrics) and a
// span per call with its provider, operation and outcome (lib/tracing). The
// span is the current one while the policy runs, so the attempts annotate it and
// the SDK's own HTTP spans nest under it.
import { countProviderAttempt } from "@/lib/metrics/providers";
import { annotateSpan, SpanKind, withSpan } from "@/lib/tracing/spans";
import type { CallFn } from "../contract";
import type { CallJournal } from "./call-log";

/** The journal, also counting every attempt for /api/metrics and noting it on the call's span. */
export function observedJournal(journal: CallJournal, provider: string): CallJournal {
  return {
    ...journal,
    async attempt(record) {
      countProviderAttempt({ provider, operation: record.operation, outcome: record.outcome, latencyMs: record.latencyMs });
      annotateSpan({
        "switchboard.outcome": record.outcome,
        "switchboard.attempts": record.attempt,
        ...(record.failure ? { "switchboard.failure_kind": record.failure.kind } : {}),
        ...(record.failure?.status ? { "http.response.status_code": record.failure.status } : {}),
      });
      await journal.attempt(record);
    },
  };
}

/** One span around each call, retries included. */
export function tracedCall(provider: string, call: CallFn): CallFn {
  return (operation, fn) =>
    withSpan(`${provider} ${operation}`, { kind: SpanKind.CLIENT, attributes: { "switchboard.provider": provider, "switchboard.operation": operation } }, () => call(operation, fn));
}
