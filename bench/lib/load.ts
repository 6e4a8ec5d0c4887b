// One timed autocannon run against one URL. Each request is built when it is
// sent: its own event id (or a deliberate repeat), a fresh body and a fresh
// Stripe signature, so the server does the full verification every time.
import autocannon from "autocannon";
import type { Ledger } from "./ledger";
import { eventBody, signatureFor } from "./stripe-events";

export interface LoadFigures {
  connections: number;
  seconds: number;
  /** 2xx answers per second of the run: what the endpoint accepted, not what was attempted. */
  acceptedPerSecond: number;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts: requests that got no answer at all. */
  errors: number;
  /** Of those, requests unanswered after autocannon's 10 s timeout. */
  timeouts: number;
  p50: number;
  p99: number;
}

interface RequestContext {
  id?: string;
}

export async function fire(url: string, opts: { connections: number; seconds: number; ledger: Ledger; orgId: string }): Promise<LoadFigures> {
  const { ledger } = opts;
  const result = await autocannon({
    url,
    method: "POST",
    connections: opts.connections,
    duration: opts.seconds,
    // One request in flight per connection: the answer that comes back is for the id in the context.
    pipelining: 1,
    // Latency percentiles describe accepted requests; refusals are counted on their own.
    excludeErrorStats: true,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req, context) => {
          const id = ledger.nextId();
          (context as RequestContext).id = id;
          const body = eventBody(id, opts.orgId);
          return { ...req, body, headers: { ...req.headers, "stripe-signature": signatureFor(body) } };
        },
        onResponse: (status, body, context) => {
          const id = (context as RequestContext).id;
          if (id) ledger.record(id, status, body);
        },
      },
    ],
  });
  return {
    connections: opts.connections,
    seconds: result.duration,
    acceptedPerSecond: result["2xx"] / result.duration,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/**
 * Delivers once more, freshly signed, every event the timed run left without an
 * answer, as Stripe retries an unanswered delivery. Afterwards every id sent has
 * an answer, so the stored rows must match the answered ids exactly. Not timed.
 */
export async function redeliver(url: string, ledger: Ledger, orgId: string): Promise<number> {
  const ids = ledger.unanswered();
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(
      ids.slice(i, i + 10).map(async (id) => {
        const body = eventBody(id, orgId);
        try {
          const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "stripe-signature": signatureFor(body) } });
          ledger.record(id, res.status, await res.text(), true);
        } catch {
          // Still unanswered: the check reports it.
        }
      }),
    );
  }
  return ids.length;
}
