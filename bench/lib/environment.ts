// Everything the bench runs against, started the way `npm start` starts the
// product (scripts/start.ts and lib/runtime/bootstrap.ts), but on a private port
// and data directory so it never meets a developer's database or the tests'.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { ensureLocalVaultKey } from "@/lib/vault/local-key";
import { localSecret, waitForHealth } from "@/lib/runtime/bootstrap";
import { say, startBenchDatabase } from "./database";
import type { BenchOptions } from "./options";

const binDir = path.resolve("node_modules/.bin");
const bin = (name: string) => path.join(binDir, name);
/** The project's own Node 24 for every child, whatever `node` the caller's PATH finds first. */
const PATH = `${binDir}${path.delimiter}${process.env.PATH ?? ""}`;
/** The bench's own route; a build made before it existed cannot serve the "empty Next.js route" figure. */
const EMPTY_ROUTE = "/api/bench/empty/route";

export interface Environment {
  /** The bench's own pool: fixtures and checks, never the load itself. */
  db: Db;
  nextUrl: string;
  bareUrl: string;
  /** Process ids, so the CPU each server uses can be told apart. */
  nextPid: number;
  barePid: number;
  dataDir: string;
  stop: () => Promise<void>;
}

export async function ensureBuild(force: boolean): Promise<void> {
  const manifest = path.resolve(".next/app-path-routes-manifest.json");
  let reason = force ? "--build was given" : "";
  if (!reason && !(existsSync(path.resolve(".next/BUILD_ID")) && existsSync(manifest))) reason = "there is no production build in .next";
  if (!reason && !(EMPTY_ROUTE in (JSON.parse(readFileSync(manifest, "utf8")) as Record<string, string>))) {
    reason = `the build in .next predates ${EMPTY_ROUTE}`;
  }
  if (!reason) return;
  say(`building (${reason}); this takes about two minutes on two cores`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(bin("next"), ["build"], { stdio: "inherit", env: { ...process.env, PATH, NEXT_TELEMETRY_DISABLED: "1" } });
    child.on("exit", resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
}

export async function startEnvironment(opts: BenchOptions): Promise<Environment> {
  const database = await startBenchDatabase(opts);
  const { dataDir } = database;
  const runtime = { databaseUrl: database.databaseUrl };
  const stops = { push: (fn: () => Promise<void>) => database.onStop(fn) };
  const stop = () => database.stop();
  try {
    const nextAuthSecret = await localSecret("nextauth-secret");
    // The bench seals the fixture's credentials in this process and the servers open
    // them in theirs: one key, set here before anything reads it, and passed on.
    const vault = await ensureLocalVaultKey(dataDir);
    Object.assign(process.env, vault);

    const nextPort = await freePort();
    const nextUrl = `http://127.0.0.1:${nextPort}`;
    const serverEnv = {
      ...process.env,
      PATH,
      DATABASE_URL: runtime.databaseUrl,
      NEXTAUTH_SECRET: nextAuthSecret,
      NEXTAUTH_URL: nextUrl,
      APP_URL: nextUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      ...vault,
      // Ingest only: the worker would pick up every stored event and try to process
      // it (calling Stripe for fake sessions) on the same two cores, mid-measurement.
      WORKER_IN_PROCESS: "false",
      SWITCHBOARD_BENCH_ROUTES: "1",
    };
    const next = spawn(bin("next"), ["start", "-p", String(nextPort), "-H", "127.0.0.1"], { env: serverEnv, stdio: ["ignore", "pipe", "pipe"] });
    stops.push(() => terminate(next));
    logTo(next, path.join(dataDir, "next.log"));

    const barePort = await freePort();
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const bare = spawn(bin("tsx"), [path.resolve("bench/lib/bare-server.ts"), String(barePort)], { env: serverEnv, stdio: ["ignore", "pipe", "pipe"] });
    stops.push(() => terminate(bare));
    logTo(bare, path.join(dataDir, "bare.log"));

    await Promise.all([ready(next, "next start", nextUrl), ready(bare, "bare node:http server", bareUrl)]);
    say(`next start at ${nextUrl}, bare node:http at ${bareUrl} (logs in ${path.relative(process.cwd(), dataDir)}/*.log)`);

    const db = createDb(runtime.databaseUrl, 4);
    stops.push(() => db.destroy());
    return { db, nextUrl, bareUrl, nextPid: next.pid!, barePid: bare.pid!, dataDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function logTo(child: ChildProcess, file: string) {
  const out = createWriteStream(file);
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
}

/** Health, or the reason it will never come: a server that exits at start would otherwise cost the full 150 s wait. */
async function ready(child: ChildProcess, name: string, url: string) {
  let onExit: (code: number | null) => void = () => {};
  const exited = new Promise<never>((_, reject) => {
    onExit = (code) => reject(new Error(`${name} exited with ${code} before it was ready; see its log in the bench data directory`));
    child.once("exit", onExit);
  });
  try {
    await Promise.race([waitForHealth(`${url}/api/health`), exited]);
  } finally {
    // Its later, deliberate exit at the end of the run is not a failure to start.
    child.off("exit", onExit);
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

