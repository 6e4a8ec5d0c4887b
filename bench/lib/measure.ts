// One measured run: a fresh connection, timed load, the untimed redelivery of
// what the stop cut off, and the check of the stored rows against the answers.
import { measureCpu } from "./cpu";
import type { Environment } from "./environment";
import { stripeConnection } from "./fixtures";
import { Ledger } from "./ledger";
import { fire, redeliver } from "./load";
import type { BenchOptions, TargetKey } from "./options";
import type { RunResult } from "./report";

export function targetUrl(env: Environment, target: TargetKey, connectionId: string): string {
  if (target === "empty") return `${env.nextUrl}/api/bench/empty?connection=${connectionId}`;
  return `${target === "ours" ? env.nextUrl : env.bareUrl}/api/webhooks/stripe?connection=${connectionId}`;
}

/** Unmeasured: Next.js loads a route's code on its first request and V8 needs a moment to optimise. */
export async function warmUp(env: Environment, opts: BenchOptions, target: TargetKey, idPrefix: string): Promise<void> {
  const conn = await stripeConnection(env.db);
  const ledger = new Ledger(idPrefix, opts.dupEvery);
  const warm = await fire(targetUrl(env, target, conn.connectionId), { connections: 10, seconds: opts.warmup, ledger, orgId: conn.orgId });
  if (warm.ok === 0) throw new Error(`${target}: no 2xx answer during warm-up (${warm.non2xx} non-2xx); see the logs in ${opts.dataDir}`);
}

export async function measureRun(env: Environment, opts: BenchOptions, target: TargetKey, connections: number, idPrefix: string): Promise<RunResult> {
  const conn = await stripeConnection(env.db);
  const ledger = new Ledger(idPrefix, opts.dupEvery);
  const url = targetUrl(env, target, conn.connectionId);
  const [server, idle] = target === "bare" ? [env.barePid, env.nextPid] : [env.nextPid, env.barePid];
  const cpuDone = measureCpu({ target: server, idle: [idle] });
  const figures = await fire(url, { connections, seconds: opts.duration, ledger, orgId: conn.orgId });
  const cpu = cpuDone();
  let verdict = null;
  if (target !== "empty") {
    await redeliver(url, ledger, conn.orgId);
    verdict = await ledger.verify(env.db, conn.connectionId);
  }
  // A moment for the last run's stragglers and Postgres' background writers before the next.
  await new Promise((r) => setTimeout(r, 500));
  return { target, figures, verdict, cpu };
}
