// Applies supabase/migrations/*.sql in name order, each exactly once, recorded in
// schema_migrations. An advisory lock makes concurrent migrators (two app
// processes starting together) queue instead of racing.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";

const MIGRATION_LOCK_KEY = 727_001; // arbitrary, fixed: every Switchboard migrator uses it
const FILE_PATTERN = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: string;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(): string {
  return path.join(process.cwd(), "supabase", "migrations");
}

export async function loadMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new Error(`Migration file ${file} is not named <14-digit timestamp>_<name>.sql (Supabase CLI naming)`);
    }
    const sql = await readFile(path.join(dir, file), "utf8");
    migrations.push({
      version: match[1]!,
      name: match[2]!,
      file,
      sql,
      checksum: createHash("sha256").update(sql).digest("hex"),
    });
  }
  return migrations;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(connectionString: string, dir = migrationsDir()): Promise<MigrateResult> {
  const migrations = await loadMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(`create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await client.query<{ version: string; checksum: string; name: string }>(
      "select version, name, checksum from schema_migrations",
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    const applied: string[] = [];
    for (const m of migrations) {
      const previous = done.get(m.version);
      if (previous) {
        if (previous.checksum !== m.checksum) {
          throw new Error(
            `Migration ${m.file} was changed after it was applied; add a new migration instead of editing it`,
          );
        }
        continue;
      }
      await client.query("begin");
      try {
        await client.query(m.sql);
        await client.query("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query("commit");
      } catch (err) {
        await client.query("rollback");
        throw new Error(`Migration ${m.file} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.file);
    }
    // The job queue's own schema (graphile_worker) is versioned by graphile-worker.
    await runWorkerMigrations({ connectionString, logger: quietWorkerLogger() });
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

function quietWorkerLogger() {
  // graphile-worker logs every migration step at info; only problems matter here.
  return new Logger(() => (level, message) => {
    if (level === "error" || level === "warning") console.warn(`[graphile-worker] ${message}`);
  });
}
