// How every emulated provider calls the app back: one POST that does not follow
// redirects (no provider does; a 3xx is a failed delivery) and gives up after the
// provider's own timeout, and a few more tries a second apart while the attempt is
// still owed. The queue is these pending promises, in memory: a reset or stop drops it.
import { setTimeout as sleep } from "node:timers/promises";
import type { Runtime } from "./context";

export const DELIVERY_ATTEMPTS = 3;
export const RETRY_DELAY_MS = 1000;

/** What the app answered, written onto the provider's own delivery record. */
export interface PostOutcome {
  status: number | null;
  error: string | null;
  durationMs: number;
  /** The answer's body (its first 16 KB), when the request asked for it. */
  answer?: string;
}

/** `keepAnswer`: for providers that read what the receiver answers (a challenge echoed, a command's reply). */
export async function postWebhook(rt: Runtime, req: { url: string; headers: Record<string, string>; body: string; timeoutMs: number; keepAnswer?: boolean }): Promise<PostOutcome> {
  const started = performance.now();
  const outcome: PostOutcome = { status: null, error: null, durationMs: 0 };
  try {
    const res = await fetch(req.url, {
      method: "POST",
      headers: req.headers,
      body: req.body,
      redirect: "manual",
      signal: AbortSignal.any([AbortSignal.timeout(req.timeoutMs), rt.stopping]),
    });
    outcome.status = res.status;
    // Read in any case: reading it frees the connection.
    const answer = await res.text().catch(() => "");
    if (req.keepAnswer) outcome.answer = answer.slice(0, 16 * 1024);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    outcome.error = e.name === "TimeoutError" ? `no answer within ${req.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
  }
  outcome.durationMs = Math.round(performance.now() - started);
  return outcome;
}

export function succeeded(d: { status: number | null }): boolean {
  return d.status !== null && d.status >= 200 && d.status < 300;
}

/**
 * Runs `attempt(n)` until it succeeds or the attempts are spent. `owed` is asked
 * before each one: after a reset (the provider's state replaced) or a stop, nothing is.
 */
export async function withRetries(rt: Runtime, owed: () => boolean, attempt: (n: number) => Promise<{ status: number | null }>): Promise<boolean> {
  for (let n = 1; n <= DELIVERY_ATTEMPTS; n++) {
    if (!owed() || rt.stopping.aborted) return false;
    if (succeeded(await attempt(n))) return true;
    if (n === DELIVERY_ATTEMPTS) return false;
    try {
      await sleep(RETRY_DELAY_MS, undefined, { signal: rt.stopping });
    } catch {
      return false;
    }
  }
  return false;
}
