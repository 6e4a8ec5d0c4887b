// The wait before each retry: cockatiel's exponential backoff with full jitter, or
// exactly the provider's Retry-After when it sent one. cockatiel is told to wait 0
// and the chosen wait is run by the policy's own sleep instead, so the clock is
// injectable (tests) and cancellable like every other wait in a call.
import { ExponentialBackoff, fullJitterGenerator, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from "cockatiel";
import { AttemptError } from "./failure";
import type { PolicyOptions } from "./options";

type Context = IRetryBackoffContext<unknown>;

export interface DeferredBackoff {
  factory: IBackoffFactory<Context>;
  /** The wait chosen for the retry about to run (full jitter may choose 0); undefined before the first attempt. */
  takeDelay(): number | undefined;
}

export function deferredBackoff(opts: Pick<PolicyOptions, "initialDelayMs" | "maxDelayMs">): DeferredBackoff {
  const exponential = new ExponentialBackoff({
    generator: fullJitterGenerator,
    initialDelay: opts.initialDelayMs,
    maxDelay: opts.maxDelayMs,
  });
  let pending: number | undefined;
  const step = (inner: IBackoff<Context>, context: Context): IBackoff<Context> => {
    pending = retryAfterOf(context) ?? inner.duration;
    return { duration: 0, next: (c) => step(inner.next(c), c) };
  };
  return {
    factory: { next: (context) => step(exponential.next(), context) },
    takeDelay: () => {
      const delay = pending;
      pending = undefined;
      return delay;
    },
  };
}

function retryAfterOf(context: Context): number | undefined {
  const error = "error" in context.result ? context.result.error : undefined;
  const ms = error instanceof AttemptError ? error.failure.retryAfterMs : undefined;
  return ms !== undefined && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
