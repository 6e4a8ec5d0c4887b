import { mkdtemp, writeFile, copyFile, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { loadMigrations, migrate, migrationsDir } from "@/lib/db/migrate";
import { emptyDatabase } from "../helpers/db";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

describe("migrator", () => {
  it("applies every migration exactly once even when two processes migrate at the same time", async () => {
    const { url, drop } = await emptyDatabase();
    cleanups.push(drop);
    const files = await loadMigrations();
    const [a, b] = await Promise.all([migrate(url), migrate(url)]);
    // One of them did the work; the other waited on the advisory lock and found nothing to do.
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, files.length]);
    const rows = await query<{ version: string }>(url, "select version from schema_migrations order by version");
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
    const again = await migrate(url);
    expect(again).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const { url, drop } = await emptyDatabase();
    cleanups.push(drop);
    const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    for (const f of await readdir(migrationsDir())) await copyFile(path.join(migrationsDir(), f), path.join(dir, f));
    await migrate(url, dir);
    const first = (await readdir(dir)).sort()[0]!;
    await writeFile(path.join(dir, first), "-- edited\n", { flag: "a" });
    await expect(migrate(url, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it("rolls back a failing migration and names it", async () => {
    const { url, drop } = await emptyDatabase();
    cleanups.push(drop);
    const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    await writeFile(path.join(dir, "20300101000000_ok.sql"), "create table ok_table (id int);");
    await writeFile(path.join(dir, "20300101000100_broken.sql"), "create table half_done (id int); select * from no_such_table;");
    await expect(migrate(url, dir)).rejects.toThrow(/20300101000100_broken\.sql failed/);
    const tables = await query<{ t: string }>(url, "select table_name as t from information_schema.tables where table_schema='public' order by 1");
    expect(tables.map((r) => r.t)).toEqual(["ok_table", "schema_migrations"]);
    const versions = await query<{ version: string }>(url, "select version from schema_migrations");
    expect(versions.map((r) => r.version)).toEqual(["20300101000000"]);
  });

  it("insists on the Supabase CLI file naming", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    await writeFile(path.join(dir, "001_init.sql"), "select 1;");
    await expect(loadMigrations(dir)).rejects.toThrow(/Supabase CLI naming/);
  });
});
