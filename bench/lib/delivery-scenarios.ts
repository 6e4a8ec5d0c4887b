// The four measurements. Each gets an organization of its own (the fan-out only
// reaches endpoints of the fact's organization), so each is checked on its own.
import { sql } from "kysely";
import { measureCpu, type CpuSplit } from "./cpu";
import { awaitAccepted, latencies, percentile, receiptsOf, verify, type Verdict } from "./delivery-check";
import type { DeliveryEnvironment } from "./delivery-environment";
import { BENCH_SCHEDULE_MS } from "./delivery-environment";
import { orgWithEndpoints, writeBurst, writeEvent, writePaced } from "./delivery-fixtures";
import type { DeliveryOptions } from "./delivery-options";
import { GROUPS } from "./delivery-protocol";
import { say } from "./database";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ScenarioResult {
  name: string;
  events: number;
  endpoints: number;
  /** First write to last accepted receipt. */
  seconds: number;
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  /** Scenario-specific timings, in ms after the write (fan-out) or the outage's start (failure). */
  marks: Record<string, number>;
  cpu: CpuSplit | null;
  verdict: Verdict;
  completed: boolean;
}

/** Generous: a run this slow has other trouble, which the check then reports. */
const deadline = (deliveries: number, extraMs = 0) => 60_000 + deliveries * 20 + extraMs;

async function measured(
  env: DeliveryEnvironment,
  name: string,
  scenario: string,
  events: number,
  endpoints: number,
  write: (orgId: string) => Promise<void>,
  opts: { extraMs?: number; beforeWrite?: () => Promise<void>; afterWrite?: (t0: number) => Promise<Record<string, number>> } = {},
): Promise<ScenarioResult> {
  const fixture = await orgWithEndpoints(env.db, env.receivers, scenario, endpoints);
  const expected = events * endpoints;
  await opts.beforeWrite?.();
  const wait = awaitAccepted(env.receivers, scenario, expected, deadline(expected, opts.extraMs));
  const cpuDone = measureCpu({ target: env.receivers.pid, idle: [] });
  const t0 = Date.now();
  const [, , marks] = await Promise.all([write(fixture.orgId), wait.done, opts.afterWrite?.(t0) ?? Promise.resolve({})]);
  const completed = await wait.done;
  const cpu = cpuDone();
  if (!completed) say(`  ${name}: not every message was accepted before the deadline`);
  await env.receivers.flush();
  const receipts = receiptsOf(env.receivers, scenario);
  const lat = latencies(receipts);
  const seconds = ((completed ? wait.lastAt() : Date.now()) - t0) / 1000;
  const verdict = await verify(env.db, fixture, receipts, expected);
  const result: ScenarioResult = {
    name,
    events,
    endpoints,
    seconds,
    deliveriesPerSecond: verdict.messages ? lat.length / seconds : 0,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    marks: { ...marks, firstReceipt: wait.firstAt() - t0 },
    cpu,
    verdict,
    completed,
  };
  // Let the last attempts' bookkeeping and Postgres' background writers finish before the next scenario.
  await sleep(1000);
  return result;
}

/** One fact to `fanout` endpoints: when do the messages exist, when are they all delivered. */
export async function fanOut(env: DeliveryEnvironment, opts: DeliveryOptions): Promise<ScenarioResult> {
  let eventId = "";
  return measured(env, `fan-out: 1 event → ${opts.fanout} endpoints`, "fanout", 1, opts.fanout, async (orgId) => {
    eventId = await writeEvent(env.db, orgId, 0);
  }, {
    afterWrite: async (t0) => {
      // Polled every 10 ms: the moment all messages are visible (committed), which
      // no column records. One cheap count a poll; the table is empty otherwise.
      while (!eventId) await sleep(1);
      const written = Date.now() - t0;
      for (;;) {
        const row = await sql<{ n: string }>`select count(*) as n from webhook_messages where domain_event_id = ${eventId}::uuid`.execute(env.db);
        if (Number(row.rows[0]?.n) >= opts.fanout) break;
        if (Date.now() - t0 > deadline(opts.fanout)) break;
        await sleep(10);
      }
      const messagesExist = Date.now() - t0;
      const e = await env.db.selectFrom("domain_events").select(["occurred_at", "dispatched_at"]).where("id", "=", eventId).executeTakeFirstOrThrow();
      return { written, dispatched: e.dispatched_at ? e.dispatched_at.getTime() - t0 : Number.NaN, messagesExist };
    },
  });
}

/** A burst of facts, each to `endpoints` endpoints: the worker's throughput, and latency under a backlog. */
export async function throughput(env: DeliveryEnvironment, opts: DeliveryOptions): Promise<ScenarioResult> {
  return measured(env, `burst: ${opts.events} events × ${opts.endpoints} endpoints`, "burst", opts.events, opts.endpoints, async (orgId) => {
    await writeBurst(env.db, orgId, opts.events);
  });
}

/** Facts at a steady rate below capacity: latency when the worker keeps up. */
export async function paced(env: DeliveryEnvironment, opts: DeliveryOptions, capacityPerSecond: number): Promise<ScenarioResult> {
  const deliveriesPerSecond = capacityPerSecond * opts.pacedLoad;
  const eventsPerSecond = deliveriesPerSecond / opts.endpoints;
  const events = Math.max(1, Math.round(eventsPerSecond * opts.pacedSeconds));
  return measured(
    env,
    `paced: ${eventsPerSecond.toFixed(1)} events/s × ${opts.endpoints} endpoints for ${opts.pacedSeconds} s (${Math.round(opts.pacedLoad * 100)} % of the burst's rate)`,
    "paced",
    events,
    opts.endpoints,
    async (orgId) => void (await writePaced(env.db, orgId, eventsPerSecond, opts.pacedSeconds)),
  );
}

/** A third of the receivers fail for `outage` seconds from the first write, then recover. */
export async function failure(env: DeliveryEnvironment, opts: DeliveryOptions): Promise<ScenarioResult> {
  const group = GROUPS - 1;
  const outageMs = opts.outage * 1000;
  let recovered = Number.NaN;
  const scheduleMs = BENCH_SCHEDULE_MS.reduce((a, b) => a + b, 0);
  if (outageMs >= scheduleMs) say(`  warning: a ${opts.outage} s outage outlasts the compressed schedule (${scheduleMs / 1000} s): messages will fail`);
  return measured(
    env,
    `failure: ${opts.failureEvents} events × ${opts.failureEndpoints} endpoints, a third ${opts.outageMode === "500" ? "answering 500" : "down"} for ${opts.outage} s`,
    "failure",
    opts.failureEvents,
    opts.failureEndpoints,
    async (orgId) => {
      const t0 = Date.now();
      const recovery = sleep(outageMs).then(async () => {
        await env.receivers.command({ type: "recover", group, mode: opts.outageMode });
        recovered = Date.now() - t0;
      });
      await writeBurst(env.db, orgId, opts.failureEvents);
      await recovery;
    },
    {
      extraMs: outageMs + scheduleMs,
      beforeWrite: () => env.receivers.command({ type: "outage", group, mode: opts.outageMode }),
      afterWrite: async () => {
        while (Number.isNaN(recovered)) await sleep(50);
        return { recovered };
      },
    },
  );
}
