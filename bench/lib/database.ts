// The database every bench runs on: its own embedded PostgreSQL on a private port,
// the cluster deleted and made anew each run (same schema, same sizes, every time)
// and migrated by the same prepareDatabase `npm start` uses. Things started after
// it register their stop here, so one stop() ends everything in reverse order.
import { rm } from "node:fs/promises";
import { createConnection } from "node:net";
import path from "node:path";
import { prepareDatabase } from "@/lib/runtime/bootstrap";

/** Every bench line starts the same, so it stands out among the servers' own output. */
export const say = (line: string) => console.log(`[bench] ${line}`);

export interface BenchDatabase {
  dataDir: string;
  databaseUrl: string;
  /** Runs at stop(), last registered first. */
  onStop(fn: () => Promise<void>): void;
  stop(): Promise<void>;
}

export async function startBenchDatabase(opts: { dataDir: string; pgPort: number }): Promise<BenchDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  // The cluster is deleted every run; refuse a directory that could be someone's real data.
  if (!path.basename(dataDir).includes("bench")) throw new Error(`--data-dir must name a bench directory (its basename contains "bench"), got ${dataDir}`);
  if (await listening(opts.pgPort)) throw new Error(`Something already listens on port ${opts.pgPort}: is another bench running? (--pg-port picks another)`);
  await rm(path.join(dataDir, "pg"), { recursive: true, force: true });

  // prepareDatabase and localSecret read their places from the environment, as they do for `npm start`.
  process.env.SWITCHBOARD_DATA_DIR = dataDir;
  process.env.EMBEDDED_PG_PORT = String(opts.pgPort);
  delete process.env.DATABASE_URL;
  const runtime = await prepareDatabase((l) => say(l));
  const stops: Array<() => Promise<void>> = [runtime.stop];
  return {
    dataDir,
    databaseUrl: runtime.databaseUrl,
    onStop: (fn) => void stops.push(fn),
    async stop() {
      for (const s of stops.splice(0).reverse()) await s().catch((err) => say(`while stopping: ${(err as Error).message}`));
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ port, host: "127.0.0.1" });
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

/** Runs a bench's main and exits with its code; a crash is one line and exit 1. */
export function runBench(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`[bench] failed: ${(err as Error).stack ?? err}`);
      process.exit(1);
    },
  );
}
