// What `npm run bench:delivery` measures. Every knob is a flag and an environment
// variable; `--quick` shrinks the defaults for a look in about 40 seconds, and any
// flag given beside it still wins.
import { parseArgs } from "node:util";

export const SCENARIOS = ["fanout", "throughput", "paced", "failure"] as const;
export type Scenario = (typeof SCENARIOS)[number];
export type OutageMode = "500" | "down";

export interface DeliveryOptions {
  scenarios: Scenario[];
  /** Domain events written in one burst for the throughput figure… */
  events: number;
  /** …each to this many endpoints (deliveries = events × endpoints). */
  endpoints: number;
  /** Endpoints the single fan-out event goes to. */
  fanout: number;
  /** Seconds of paced writes for the latency-under-load figure (0 skips it). */
  pacedSeconds: number;
  /** Paced deliveries per second as a share of the burst's throughput. */
  pacedLoad: number;
  /** Events written in the failure scenario, each to failureEndpoints endpoints. */
  failureEvents: number;
  failureEndpoints: number;
  /** Seconds a third of the receivers fail for. */
  outage: number;
  /** 500: they answer 500; down: their server stops listening (connection refused). */
  outageMode: OutageMode;
  /** Jobs the one worker process runs at once; production's default is WORKER_CONCURRENCY or 5. */
  concurrency: number;
  /** Port of the bench's own PostgreSQL: away from `npm start` (54329), tests (54330 and up) and bench:webhooks (54390). */
  pgPort: number;
  /** Its cluster is deleted and made anew every run. */
  dataDir: string;
}

function positive(name: string, raw: string, { integer = true, zero = false } = {}): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!zero && n === 0) || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a ${zero ? "non-negative" : "positive"} ${integer ? "whole " : ""}number, got "${raw}"`);
  }
  return n;
}

const HELP = [
  "npm run bench:delivery -- [--quick] [--scenarios fanout,throughput,paced,failure] [--events n] [--endpoints m] [--fanout n]",
  "                          [--paced-seconds s] [--paced-load 0.5] [--failure-events n] [--failure-endpoints m] [--outage s] [--outage-mode 500|down]",
  "                          [--concurrency n] [--pg-port p] [--data-dir dir]",
  "  env: BENCH_SCENARIOS, BENCH_EVENTS, BENCH_ENDPOINTS, BENCH_FANOUT, BENCH_PACED_SECONDS, BENCH_PACED_LOAD, BENCH_FAILURE_EVENTS,",
  "       BENCH_FAILURE_ENDPOINTS, BENCH_OUTAGE, BENCH_OUTAGE_MODE, WORKER_CONCURRENCY, BENCH_DELIVERY_PG_PORT, BENCH_DELIVERY_DATA_DIR",
].join("\n");

export function readDeliveryOptions(argv: string[], env: NodeJS.ProcessEnv): DeliveryOptions {
  const str = { type: "string" } as const;
  const { values: v } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" },
      scenarios: str,
      events: str,
      endpoints: str,
      fanout: str,
      "paced-seconds": str,
      "paced-load": str,
      "failure-events": str,
      "failure-endpoints": str,
      outage: str,
      "outage-mode": str,
      concurrency: str,
      "pg-port": str,
      "data-dir": str,
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (v.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = v.quick ?? false;
  const pick = (flag: string | undefined, envName: string, full: string, small: string) => flag ?? env[envName] ?? (quick ? small : full);

  const scenarios = pick(v.scenarios, "BENCH_SCENARIOS", SCENARIOS.join(","), SCENARIOS.join(","))
    .split(",")
    .map((s) => s.trim());
  for (const s of scenarios) if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`--scenarios takes ${SCENARIOS.join(", ")}; got "${s}"`);
  const outageMode = pick(v["outage-mode"], "BENCH_OUTAGE_MODE", "500", "500");
  if (outageMode !== "500" && outageMode !== "down") throw new Error(`--outage-mode takes 500 or down; got "${outageMode}"`);
  const failureEndpoints = positive("failure-endpoints", pick(v["failure-endpoints"], "BENCH_FAILURE_ENDPOINTS", "9", "9"));
  // A third of them fail: with fewer than three, no receiver (or all of them) would.
  if (failureEndpoints < 3) throw new Error("--failure-endpoints must be at least 3 (a third of them fail)");
  const pacedLoad = positive("paced-load", pick(v["paced-load"], "BENCH_PACED_LOAD", "0.5", "0.5"), { integer: false });
  if (pacedLoad > 1) throw new Error("--paced-load is a share of the burst's throughput: at most 1");

  return {
    scenarios: scenarios as Scenario[],
    events: positive("events", pick(v.events, "BENCH_EVENTS", "1000", "150")),
    endpoints: positive("endpoints", pick(v.endpoints, "BENCH_ENDPOINTS", "10", "10")),
    fanout: positive("fanout", pick(v.fanout, "BENCH_FANOUT", "1000", "200")),
    pacedSeconds: positive("paced-seconds", pick(v["paced-seconds"], "BENCH_PACED_SECONDS", "15", "5"), { integer: false, zero: true }),
    pacedLoad,
    failureEvents: positive("failure-events", pick(v["failure-events"], "BENCH_FAILURE_EVENTS", "300", "60")),
    failureEndpoints,
    outage: positive("outage", pick(v.outage, "BENCH_OUTAGE", "10", "3"), { integer: false }),
    outageMode,
    concurrency: positive("concurrency", v.concurrency ?? env.WORKER_CONCURRENCY ?? "5"),
    pgPort: positive("pg-port", v["pg-port"] ?? env.BENCH_DELIVERY_PG_PORT ?? "54392"),
    dataDir: v["data-dir"] ?? env.BENCH_DELIVERY_DATA_DIR ?? ".data/bench-delivery",
  };
}
