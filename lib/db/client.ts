// One pooled connection per process, shared by route handlers, server actions
// and the in-process worker.
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import { log } from "@/lib/log";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start Switchboard with `npm start` (which runs an embedded PostgreSQL and sets it), or set DATABASE_URL to your Postgres or Supabase connection string.",
    );
  }
  return url;
}

/**
 * A pg pool that survives its connections being dropped. A connection the
 * server drops (restart, failover, outage) emits 'error': on the pool while
 * idle, on the client itself while checked out between queries (pg-pool listens
 * only to idle ones). Unheard, either ends the process. The query that needed it
 * fails on its own, and the pool discards the connection. The listeners stay for
 * the pool's whole life, including while it ends: a connection released into an
 * ending pool can still error.
 */
export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  const lost = (err: Error) => log.warn({ err: err.message }, "a pooled database connection was lost");
  pool.on("error", lost);
  pool.on("connect", (client) => void client.on("error", lost));
  return pool;
}

export function createDb(connectionString: string, max = 10): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(connectionString, max) }) });
}

const globalForDb = globalThis as unknown as { __switchboardDb?: Db };

export function db(): Db {
  globalForDb.__switchboardDb ??= createDb(databaseUrl(), Number(process.env.DATABASE_POOL_SIZE ?? 10));
  return globalForDb.__switchboardDb;
}
