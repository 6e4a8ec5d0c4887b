// What a run measures. Every knob is a flag and an environment variable, so a
// quick look (`-- --duration 2 --connections 1,10`) and the figures in the README
// come from the same code.
import { parseArgs } from "node:util";

export interface BenchOptions {
  /** Seconds of load per target and concurrency. */
  duration: number;
  /** Seconds of unmeasured load per target first: Next.js loads a route's code on its first request. */
  warmup: number;
  connections: number[];
  /** Which of ours, bare, empty to run; all three by default, one alone when profiling. */
  targets: TargetKey[];
  /** Every n-th request repeats an event id already acknowledged, as Stripe does when it retries. */
  dupEvery: number;
  /** Times a run is repeated when other processes used the machine during it; the quietest attempt is kept. */
  retries: number;
  /** Run `next build` even when .next already holds a build with the bench route. */
  build: boolean;
  /** Port of the bench's own embedded PostgreSQL; away from `npm start` (54329) and the tests (54330 and up). */
  pgPort: number;
  /** The bench's own data directory: its cluster is deleted and made anew every run. */
  dataDir: string;
}

export const TARGETS = ["ours", "bare", "empty"] as const;
export type TargetKey = (typeof TARGETS)[number];

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

function retriesOf(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--retries must be 0 or more, got "${raw}"`);
  return n;
}

export function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      targets: { type: "string" },
      "dup-every": { type: "string" },
      retries: { type: "string" },
      build: { type: "boolean" },
      "pg-port": { type: "string" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      [
        "npm run bench:webhooks -- [--duration s] [--warmup s] [--connections 1,10,50,100] [--targets ours,bare,empty] [--dup-every n] [--retries n] [--build]",
        "  env: BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_TARGETS, BENCH_DUP_EVERY, BENCH_RETRIES, BENCH_PG_PORT, BENCH_DATA_DIR",
      ].join("\n"),
    );
    process.exit(0);
  }
  const connections = (values.connections ?? env.BENCH_CONNECTIONS ?? "1,10,50,100")
    .split(",")
    .map((c) => Math.round(positive("--connections", c.trim())));
  const targets = (values.targets ?? env.BENCH_TARGETS ?? "ours,bare,empty").split(",").map((t) => t.trim());
  for (const t of targets) if (!(TARGETS as readonly string[]).includes(t)) throw new Error(`--targets takes ${TARGETS.join(", ")}; got "${t}"`);
  return {
    targets: targets as BenchOptions["targets"],
    duration: positive("--duration", values.duration ?? env.BENCH_DURATION ?? "10"),
    warmup: positive("--warmup", values.warmup ?? env.BENCH_WARMUP ?? "3"),
    connections,
    dupEvery: Math.round(positive("--dup-every", values["dup-every"] ?? env.BENCH_DUP_EVERY ?? "10")),
    retries: retriesOf(values.retries ?? env.BENCH_RETRIES ?? "0"),
    build: values.build ?? false,
    pgPort: Math.round(positive("--pg-port", values["pg-port"] ?? env.BENCH_PG_PORT ?? "54390")),
    dataDir: values["data-dir"] ?? env.BENCH_DATA_DIR ?? ".data/bench",
  };
}
