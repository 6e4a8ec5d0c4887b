// `npm run bench:delivery`: how fast the real worker turns domain events into
// signed outbound webhook deliveries, how long one event takes to reach 1,000
// endpoints, and whether every message arrives exactly once (after dedupe on
// webhook-id) when a third of the receivers fail for a while. See bench/README.md.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { startDeliveryEnvironment } from "./lib/delivery-environment";
import { readDeliveryOptions } from "./lib/delivery-options";
import { checkTable, failureLine, fanOutTable, machineLine, progressLine, summaryTable } from "./lib/delivery-report";
import { failure, fanOut, paced, throughput, type ScenarioResult } from "./lib/delivery-scenarios";
import { runBench, say } from "./lib/database";

/** When the burst was skipped, the paced run needs a rate to take a share of. */
const FALLBACK_CAPACITY = 100;

async function main(): Promise<number> {
  const opts = readDeliveryOptions(process.argv.slice(2), process.env);
  const started = Date.now();
  const env = await startDeliveryEnvironment(opts);
  let stopping = false;
  const interrupted = () => {
    if (stopping) return;
    stopping = true;
    void env.stop().finally(() => process.exit(130));
  };
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", interrupted);

  try {
    const results: ScenarioResult[] = [];
    const run = async (r: Promise<ScenarioResult>) => {
      const result = await r;
      say(progressLine(result));
      for (const p of result.verdict.problems) say(`  ${p}`);
      results.push(result);
      return result;
    };
    // Fan-out first, on an empty table, so its polling count reads nothing else.
    const has = (s: string) => opts.scenarios.includes(s as never);
    const fan = has("fanout") ? await run(fanOut(env, opts)) : null;
    const burst = has("throughput") ? await run(throughput(env, opts)) : null;
    if (has("paced") && opts.pacedSeconds > 0) await run(paced(env, opts, burst?.deliveriesPerSecond || FALLBACK_CAPACITY));
    const fail = has("failure") ? await run(failure(env, opts)) : null;

    const out = ["", machineLine(opts), "", summaryTable(results), ""];
    if (fan) out.push(fanOutTable(fan), "");
    out.push(checkTable(results), "");
    if (fail) out.push(failureLine(fail), "");
    console.log(out.join("\n"));
    const file = path.join(env.dataDir, "delivery-last-run.json");
    await writeFile(file, JSON.stringify({ at: new Date().toISOString(), opts, results }, null, 2));
    say(`raw figures in ${path.relative(process.cwd(), file)}; ${Math.round((Date.now() - started) / 1000)} s in all`);

    const busy = results.filter((r) => (r.cpu?.others ?? 0) > 0.15);
    if (busy.length) say(`warning: other processes used more than 0.15 of a core during ${busy.length} scenario(s) ("others"); those figures are low`);
    const failed = results.filter((r) => r.verdict.problems.length > 0 || !r.completed);
    if (failed.length) {
      say(`FAIL: ${failed.map((r) => r.name).join("; ")}: see the problems above`);
      return 1;
    }
    say("check passed: every message accepted by its own endpoint, signatures verified, none missing");
    return 0;
  } finally {
    if (!stopping) {
      stopping = true;
      await env.stop();
    }
  }
}

runBench(main);
