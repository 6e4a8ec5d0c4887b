// What `npm start`, `npm run worker` and the end-to-end tests do before serving:
// find or start the database, migrate it, settle the secrets, seed the demo.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

export interface Runtime {
  databaseUrl: string;
  embedded: boolean;
  dataDir: string;
  stop: () => Promise<void>;
}

export function dataDir(): string {
  return path.resolve(process.env.SWITCHBOARD_DATA_DIR ?? ".data");
}

export async function prepareDatabase(log: (line: string) => void): Promise<Runtime> {
  const dir = dataDir();
  if (process.env.DATABASE_URL) {
    const result = await migrate(process.env.DATABASE_URL);
    log(`database: ${redactUrl(process.env.DATABASE_URL)} (${result.applied.length} migrations applied now)`);
    return { databaseUrl: process.env.DATABASE_URL, embedded: false, dataDir: dir, stop: async () => {} };
  }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  log(`database: starting embedded PostgreSQL on 127.0.0.1:${port}, data in ${path.join(dir, "pg")}`);
  const pg = await startEmbeddedPostgres({ dataDir: dir, port });
  const result = await migrate(pg.url);
  log(`database: ready (${result.applied.length} migrations applied now, ${result.alreadyApplied} before)`);
  return { databaseUrl: pg.url, embedded: true, dataDir: dir, stop: pg.stop };
}

/** A secret the operator did not set: made once and kept in the data directory (embedded mode only). */
export async function localSecret(name: string): Promise<string> {
  const dir = dataDir();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const value = randomBytes(32).toString("base64url");
  await writeFile(file, value + "\n", { mode: 0o600 });
  return value;
}

/** The URL of the embedded database that a running `npm start` owns, for extra worker processes. */
export async function runningEmbeddedUrl(): Promise<string> {
  const file = path.join(dataDir(), "pg-password");
  if (!existsSync(file)) {
    throw new Error("DATABASE_URL is not set and no embedded database exists yet: run `npm start` first, or set DATABASE_URL");
  }
  const password = (await readFile(file, "utf8")).trim();
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/switchboard`;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "*****";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** Resolves once the server answers its health URL; `npm start` and the benchmarks wait on it. */
export async function waitForHealth(healthUrl: string) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(healthUrl);
      // 200 once it serves with its database, even "degraded" with no job worker yet
      // (WORKER_IN_PROCESS=false, workers started later): 503 means no database.
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not answer ${healthUrl} within 150 s`);
}
