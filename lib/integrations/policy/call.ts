// The one path every provider call takes: circuit breaker (per connection, shared
// by every process) around retries with backoff, around a per-attempt timeout that
// also bounds the wait for a rate-limit token. The timeout is applied inside each
// attempt rather than wrapped outside the retry so the backoff wait before an
// attempt does not count against it. Every attempt leaves a row in the call log;
// the caller gets the provider's result or one ProviderCallError.
import { setTimeout as delay } from "node:timers/promises";
import { handleWhen, isBrokenCircuitError, isTaskCancelledError, retry, timeout, TimeoutStrategy, wrap, type IRetryContext } from "cockatiel";
import type { Db } from "@/lib/db/client";
import { ProviderCallError, type CallFn, type ConnectionInfo, type ProviderFailure } from "../contract";
import { deferredBackoff } from "./backoff";
import { ProbeTaken, SharedBreaker } from "./breaker";
import { callJournal } from "./call-log";
import { AttemptError, describeFailure, isRetryable } from "./failure";
import { resolveOptions, type PolicyOptions } from "./options";
import type { RateLimit } from "@/lib/net/token-bucket";
import { acquireToken } from "./acquire-token";
import { observedJournal, tracedCall } from "./observe";
import { redactor } from "./redact";

export interface CallPolicyDeps {
  db: Db;
  connection: ConnectionInfo;
  classify: (err: unknown) => ProviderFailure;
  rateLimit?: RateLimit;
  options?: Partial<PolicyOptions>;
  /** Values to redact from logged and rethrown errors (the connection's tokens and keys). */
  secrets?: string[];
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const realSleep = (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal });

export function createCall(deps: CallPolicyDeps): CallFn {
  const opts = resolveOptions(deps.options);
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const redact = redactor(deps.secrets);
  const journal = observedJournal(callJournal(deps.db, deps.connection, now), deps.connection.connectorId);
  const perAttempt = timeout(opts.timeoutMs, TimeoutStrategy.Aggressive);
  const owner = { connectionId: deps.connection.id, orgId: deps.connection.orgId, connectorId: deps.connection.connectorId };
  const clean = (f: ProviderFailure): ProviderFailure => {
    const { retryAfterMs, ...rest } = f;
    // An endless wait (a bucket that never refills) is not a useful Retry-After.
    return { ...rest, message: redact(f.message), ...(retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? { retryAfterMs } : {}) };
  };
  const retriesInline = (e: unknown) =>
    e instanceof AttemptError && isRetryable(e.failure) && !((e.failure.retryAfterMs ?? 0) > opts.maxInlineRetryAfterMs);

  async function call<T>(operation: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const breaker = await SharedBreaker.load(deps.db, owner, opts, now);
    const refuse = async (): Promise<never> => {
      const failure = breaker.refusal();
      await journal.attempt({ operation, outcome: "rejected", attempt: 1, latencyMs: 0, failure });
      throw new ProviderCallError(operation, failure);
    };
    if (breaker.probeInFlight()) return refuse();

    const backoff = deferredBackoff(opts);
    const retries = retry(handleWhen(retriesInline), { maxAttempts: opts.maxAttempts - 1, backoff: backoff.factory });

    const attempt = async ({ attempt: retriesSoFar, signal }: IRetryContext): Promise<T> => {
      if (retriesSoFar === 0 && breaker.probing && !(await breaker.claimProbe())) throw new ProbeTaken();
      const wait = backoff.takeDelay();
      if (wait !== undefined) await sleep(wait, signal);
      const startedAt = performance.now();
      const reached = { at: -1 };
      const record = (outcome: "success" | "failure" | "rejected", failure?: ProviderFailure) =>
        journal.attempt({
          operation,
          outcome,
          attempt: retriesSoFar + 1,
          latencyMs: reached.at < 0 ? 0 : performance.now() - reached.at,
          failure: failure && clean(failure),
        });
      try {
        const value = await perAttempt.execute(async ({ signal: attemptSignal }) => {
          if (deps.rateLimit) {
            await acquireToken(deps.db, deps.rateLimit, {
              remainingMs: () => opts.timeoutMs - (performance.now() - startedAt),
              sleep,
              signal: attemptSignal,
            });
          }
          reached.at = performance.now();
          return fn(attemptSignal);
        }, signal);
        await record("success");
        return value;
      } catch (err) {
        const failed = asAttemptError(err, reached.at >= 0);
        if (!failed) throw err;
        await record(failed.rejected ? "rejected" : "failure", failed.failure);
        throw failed;
      }
    };

    const asAttemptError = (err: unknown, reachedProvider: boolean): AttemptError | null => {
      if (err instanceof AttemptError) return err;
      if (reachedProvider) return new AttemptError(describeFailure(err, deps.classify, opts.timeoutMs), { cause: err });
      if (isTaskCancelledError(err)) {
        const message = `Timed out after ${opts.timeoutMs} ms waiting for rate limit ${deps.rateLimit?.key ?? ""}`.trim();
        return new AttemptError({ kind: "rate_limited", message }, { cause: err, rejected: true });
      }
      // Our own infrastructure (the database behind the rate limiter) failed, not the provider.
      return null;
    };

    let value: T;
    try {
      value = await wrap(breaker.policy, retries).execute(attempt);
    } catch (err) {
      if (isBrokenCircuitError(err) || err instanceof ProbeTaken) return refuse();
      if (!(err instanceof AttemptError)) {
        await breaker.record({ kind: "neutral" });
        throw err;
      }
      await breaker.record(err.rejected ? { kind: "neutral" } : { kind: "failure", error: err });
      const failure = clean(err.failure);
      if (!err.rejected) await journal.failed(failure);
      throw new ProviderCallError(operation, failure, { cause: err.cause });
    }
    await breaker.record({ kind: "success" });
    await journal.succeeded();
    return value;
  }

  return tracedCall(deps.connection.connectorId, call);
}
