// A fresh database per test file, cloned from the migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../../lib/db/client";

export interface TestDatabase {
  url: string;
  db: Db;
  drop: () => Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject("pgTemplate")}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const db = createDb(url, 10);
  return {
    url,
    db,
    drop: async () => {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** An empty database with no migrations, for testing the migrator itself. */
export async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("pgAdminUrl");
  const name = `e_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: adminUrl.replace(/\/postgres$/, `/${name}`),
    drop: () => dropDatabase(adminUrl, name),
  };
}

/**
 * pg-pool's end() resolves before the server has seen its sockets close, so a
 * forced drop right after it can terminate a connection that is still closing and
 * surface as an unhandled 57P01 in the test process. Wait for the database's other
 * sessions to go; force only what is still there after that (a pool a test leaked).
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const a = new pg.Client({ connectionString: adminUrl });
  await a.connect();
  try {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const { rows } = await a.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await a.query(`drop database if exists ${name} with (force)`);
  } finally {
    await a.end();
  }
}
