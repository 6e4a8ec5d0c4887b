// A fresh database per test file, cloned from the migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { waitFor } from "./wait";

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
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      // The pool's end does not wait for its sockets to close; a forced drop while they
      // still close sends them a termination the test process reports as unhandled.
      await waitFor(async () => Number((await a.query("select count(*) as n from pg_stat_activity where datname = $1", [name])).rows[0].n) === 0, {
        what: `the connections to ${name} to close`,
        timeoutMs: 5_000,
      }).catch(() => undefined);
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
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
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
