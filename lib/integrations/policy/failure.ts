// What one attempt's failure was, decided before any policy acts on it. Timeouts
// and socket-level errors are transient whatever the connector says (its SDK may
// not recognise them); everything else is the connector's call.
import { isTaskCancelledError } from "cockatiel";
import type { FailureKind, ProviderFailure } from "../contract";

/** Thrown out of an attempt so cockatiel's retry and breaker filters can read the classification. */
export class AttemptError extends Error {
  readonly failure: ProviderFailure;
  /** Refused on our side (rate limit) without touching the provider. */
  readonly rejected: boolean;
  constructor(failure: ProviderFailure, options: { cause?: unknown; rejected?: boolean } = {}) {
    super(failure.message, { cause: options.cause });
    this.name = "AttemptError";
    this.failure = failure;
    this.rejected = options.rejected ?? false;
  }
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
]);

const RETRYABLE: ReadonlySet<FailureKind> = new Set(["transient", "rate_limited"]);
// Failures that say nothing about the provider's health (it answered, and said no) do not trip the breaker.
const PROVIDER_TROUBLE: ReadonlySet<FailureKind> = new Set(["transient", "rate_limited", "unknown"]);

export function isRetryable(failure: ProviderFailure): boolean {
  return RETRYABLE.has(failure.kind);
}

export function countsAgainstProvider(err: unknown): boolean {
  return err instanceof AttemptError && !err.rejected && PROVIDER_TROUBLE.has(err.failure.kind);
}

export function describeFailure(err: unknown, classify: (err: unknown) => ProviderFailure, timeoutMs: number): ProviderFailure {
  if (isTaskCancelledError(err)) return { kind: "transient", message: `Timed out after ${timeoutMs} ms` };
  const code = networkCode(err);
  if (code) return { kind: "transient", message: `Network error ${code}: ${messageOf(err)}` };
  try {
    return classify(err);
  } catch {
    return { kind: "unknown", message: messageOf(err) };
  }
}

function networkCode(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== "object" || depth > 3) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || code.startsWith("UND_ERR_"))) return code;
  // fetch (undici) wraps socket errors: TypeError("fetch failed", { cause }).
  return networkCode((err as { cause?: unknown }).cause, depth + 1);
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === "string" ? err : "Unknown error";
}
